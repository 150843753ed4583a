package org.phirecords.internal.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.phirecords.model.TenantId;

/**
 * Free text written by people (clinical notes and other free-text fields of entries, amendment
 * reasons, statements of disagreement) is PHI: each field is encrypted randomly under the tenant's
 * active data key, one cipher call per field. Opening refuses another tenant's key and reports a
 * destroyed key like identity fields do. A string found where ciphertext belongs is plaintext
 * written before free text was encrypted (ADR 15): it is read as it is and encrypted when its
 * document is next written.
 */
@ApplicationScoped
public class FreeTextProtection {
  private FieldCipher cipher;

  /** For CDI. */
  protected FreeTextProtection() {}

  /** Protects with {@code cipher}. */
  @Inject
  public FreeTextProtection(FieldCipher cipher) {
    this.cipher = cipher;
  }

  /** The stored form of {@code plain} in {@code tenant}: ciphertext, or null for null. */
  public BsonValue seal(TenantId tenant, String plain) {
    return plain == null ? null : cipher.random(tenant, new BsonString(plain));
  }

  /**
   * The text of a stored value of {@code tenant}: null for null, a legacy plaintext string as it
   * is, ciphertext decrypted (refused if another tenant's key encrypted it).
   */
  public String open(TenantId tenant, Object stored) {
    if (stored == null || stored instanceof String) {
      return (String) stored;
    }
    BsonValue bson =
        stored instanceof BsonValue value
            ? value
            : new Document("v", stored).toBsonDocument().get("v");
    BsonValue clear = cipher.decrypt(tenant, bson);
    return clear == null || clear.isNull() ? null : clear.asString().getValue();
  }

  /** Whether {@code stored} is still legacy plaintext (a string), to be sealed on next write. */
  public static boolean isPlaintext(Object stored) {
    return stored instanceof String;
  }
}
