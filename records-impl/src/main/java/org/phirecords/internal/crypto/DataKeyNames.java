package org.phirecords.internal.crypto;

import java.util.UUID;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.phirecords.model.TenantId;

/**
 * How data keys are named in the key vault: {@code tenant:<id>} is the tenant's active key (unique,
 * moved by a rotation), {@code owner:<id>:<uuid>} the permanent owner of every key of the tenant
 * (what crypto-shredding and the foreign-ciphertext check go by).
 */
final class DataKeyNames {
  private static final String ALT_PREFIX = "tenant:";
  private static final String OWNER_PREFIX = "owner:";

  private DataKeyNames() {}

  /** The name of {@code tenant}'s active key. */
  static String active(TenantId tenant) {
    return ALT_PREFIX + tenant.value();
  }

  /** A new permanent owner name for a key of {@code tenant}. */
  static String ownerName(TenantId tenant) {
    return OWNER_PREFIX + tenant.value() + ":" + UUID.randomUUID();
  }

  /** The tenant owning a key document: from its permanent owner name, else its active name. */
  static String owner(BsonDocument key) {
    if (!key.containsKey("keyAltNames")) {
      return "";
    }
    String active = "";
    for (BsonValue name : key.getArray("keyAltNames")) {
      String text = name.asString().getValue();
      if (text.startsWith(OWNER_PREFIX)) {
        String rest = text.substring(OWNER_PREFIX.length());
        return rest.substring(0, rest.indexOf(':'));
      }
      if (text.startsWith(ALT_PREFIX)) {
        active = text.substring(ALT_PREFIX.length());
      }
    }
    return active;
  }
}
