package org.phirecords.internal.crypto;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.UUID;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonValue;

/**
 * How ciphertext is stored. A real MongoDB keeps CSFLE ciphertext as BSON binary subtype 6 ({@link
 * #NATIVE}). The embedded mongo-java-server rejects subtype 6 and drops the connection, so
 * development and embedded tests store the same bytes as subtype 0 ({@link #SUBTYPE_0}) and restore
 * subtype 6 before decrypting. This is the only place that knows the difference; {@code
 * records.crypto.ciphertext} chooses.
 */
public enum CiphertextRepresentation {
  NATIVE {
    @Override
    public BsonValue toStored(BsonBinary ciphertext) {
      return ciphertext;
    }
  },
  SUBTYPE_0 {
    @Override
    public BsonValue toStored(BsonBinary ciphertext) {
      return new BsonBinary(BsonBinarySubType.BINARY, ciphertext.getData());
    }
  };

  /** The stored form of {@code ciphertext} (a subtype 6 binary). */
  public abstract BsonValue toStored(BsonBinary ciphertext);

  /** The subtype 6 ciphertext of a stored value; either stored form is accepted. */
  public BsonBinary fromStored(BsonValue stored) {
    if (stored == null || !stored.isBinary()) {
      throw new IllegalArgumentException("not a ciphertext");
    }
    BsonBinary binary = stored.asBinary();
    if (binary.getType() == BsonBinarySubType.ENCRYPTED.getValue()) {
      return binary;
    }
    if (binary.getType() == BsonBinarySubType.BINARY.getValue()) {
      return new BsonBinary(BsonBinarySubType.ENCRYPTED, binary.getData());
    }
    throw new IllegalArgumentException("not a ciphertext");
  }

  /** From {@code native} or {@code subtype0}. */
  public static CiphertextRepresentation parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "native" -> NATIVE;
      case "subtype0", "subtype-0", "embedded" -> SUBTYPE_0;
      default -> throw new IllegalArgumentException("records.crypto.ciphertext: native|subtype0");
    };
  }

  /** The data key id embedded in a ciphertext: byte 0 is the blob subtype, bytes 1-16 the id. */
  static UUID keyIdOf(BsonBinary ciphertext) {
    byte[] data = ciphertext.getData();
    if (data.length < 17 || (data[0] != 1 && data[0] != 2)) {
      throw new IllegalArgumentException("not a CSFLE ciphertext");
    }
    ByteBuffer buffer = ByteBuffer.wrap(data, 1, 16);
    return new UUID(buffer.getLong(), buffer.getLong());
  }
}
