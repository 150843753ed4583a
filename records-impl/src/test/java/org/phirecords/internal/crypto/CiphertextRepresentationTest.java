package org.phirecords.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;

class CiphertextRepresentationTest {
  private static final byte[] BYTES = {
    2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 99
  };
  private static final BsonBinary CIPHERTEXT = new BsonBinary(BsonBinarySubType.ENCRYPTED, BYTES);

  @Test
  void nativeKeepsSubtype6() {
    BsonValue stored = CiphertextRepresentation.NATIVE.toStored(CIPHERTEXT);
    assertThat(stored.asBinary().getType()).isEqualTo(BsonBinarySubType.ENCRYPTED.getValue());
    assertThat(CiphertextRepresentation.NATIVE.fromStored(stored)).isEqualTo(CIPHERTEXT);
  }

  @Test
  void subtype0CarriesTheSameBytesAndRestoresSubtype6() {
    BsonValue stored = CiphertextRepresentation.SUBTYPE_0.toStored(CIPHERTEXT);
    assertThat(stored.asBinary().getType()).isEqualTo(BsonBinarySubType.BINARY.getValue());
    assertThat(stored.asBinary().getData()).isEqualTo(BYTES);
    assertThat(CiphertextRepresentation.SUBTYPE_0.fromStored(stored)).isEqualTo(CIPHERTEXT);
  }

  @Test
  void plaintextIsNeverTakenForCiphertext() {
    assertThatThrownBy(() -> CiphertextRepresentation.NATIVE.fromStored(new BsonString("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CiphertextRepresentation.parse("subtype0"))
        .isEqualTo(CiphertextRepresentation.SUBTYPE_0);
    assertThat(CiphertextRepresentation.parse("native")).isEqualTo(CiphertextRepresentation.NATIVE);
  }

  @Test
  void theDataKeyIdIsReadFromTheCiphertext() {
    assertThat(CiphertextRepresentation.keyIdOf(CIPHERTEXT).toString())
        .isEqualTo("01020304-0506-0708-090a-0b0c0d0e0f10");
  }
}
