package org.phirecords.internal.crypto;

import com.mongodb.client.model.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.model.TenantId;

/**
 * Which identity fields are encrypted and how, in one place. Exact-lookup fields (MRN, member id,
 * and the normalised family name with birth date, stored as {@code nameDob}) are deterministic;
 * every other direct identifier is random. Fields not listed (ids, version, sex, timestamps) stay
 * in the clear.
 */
@ApplicationScoped
public class IdentityProtection {
  /** Searchable identifiers: equal values give equal ciphertext within a tenant. */
  public static final Set<String> DETERMINISTIC = Set.of("mrn", "memberId", "nameDob");

  /** All other direct identifiers. */
  public static final Set<String> RANDOM =
      Set.of("givenName", "familyName", "birthDate", "ssn", "address", "phone", "email");

  /** Clear field naming the data key of a sealed document (an id, not PHI). */
  public static final String DATA_KEY_ID = "dataKeyId";

  private FieldCipher cipher;

  /** For CDI. */
  protected IdentityProtection() {}

  /** Protects with {@code cipher}. */
  @Inject
  public IdentityProtection(FieldCipher cipher) {
    this.cipher = cipher;
  }

  /** The stored form of plaintext identity fields: protected fields replaced by ciphertext. */
  public Document seal(TenantId tenant, Document plain) {
    return seal(plain, cipher.activeKey(tenant));
  }

  /** The stored form with every protected field encrypted under the data key {@code key}. */
  Document seal(Document plain, java.util.UUID key) {
    // Which data key encrypted the fields: lets a key rotation find what it must re-encrypt.
    Document sealed = new Document(DATA_KEY_ID, key.toString());
    BsonDocument bson = plain.toBsonDocument();
    for (Map.Entry<String, BsonValue> e : bson.entrySet()) {
      sealed.put(e.getKey(), seal(key, e.getKey(), e.getValue()));
    }
    if (plain.get("familyName") != null && plain.get("birthDate") != null) {
      sealed.put(
          "nameDob",
          cipher.deterministicWith(
              key, nameDob(plain.getString("familyName"), plain.getString("birthDate"))));
    }
    return sealed;
  }

  private Object seal(java.util.UUID key, String field, BsonValue value) {
    if (DETERMINISTIC.contains(field)) {
      return cipher.deterministicWith(key, value);
    }
    if (RANDOM.contains(field)) {
      return cipher.randomWith(key, value);
    }
    return value;
  }

  /** The plaintext of a stored document (or projection); checks every key's tenant. */
  public Document open(TenantId tenant, Document stored) {
    Document plain = new Document();
    for (Map.Entry<String, Object> e : stored.entrySet()) {
      String field = e.getKey();
      if (field.equals("nameDob")) {
        continue;
      }
      if (DETERMINISTIC.contains(field) || RANDOM.contains(field)) {
        BsonValue value = e.getValue() == null ? null : toBson(e.getValue());
        BsonValue clear = cipher.decrypt(tenant, value);
        plain.put(field, clear == null || clear.isNull() ? null : fromBson(clear));
      } else {
        plain.put(field, e.getValue());
      }
    }
    return plain;
  }

  /**
   * The filter finding a lookup value of {@code field} (one of {@link #DETERMINISTIC}): its stored
   * form under the tenant's active key, and under the previous key while a rotation is under way.
   */
  public Bson matching(TenantId tenant, String field, String value) {
    if (!DETERMINISTIC.contains(field)) {
      throw new IllegalArgumentException(field + " is not searchable");
    }
    return anyOf(field, cipher.deterministicAll(tenant, new BsonString(value)));
  }

  /** The filter finding a family name plus birth date. */
  public Bson matchingNameDob(TenantId tenant, String familyName, String birthDate) {
    return anyOf("nameDob", cipher.deterministicAll(tenant, nameDob(familyName, birthDate)));
  }

  /**
   * Equality when there is one stored form (no rotation under way, the usual case), {@code $in}
   * only during a rotation. Both mean the same to MongoDB; the embedded development store uses a
   * compound index such as (tenantId, mrn) only for equality and scans every patient for {@code
   * $in}.
   */
  private static Bson anyOf(String field, List<BsonValue> forms) {
    return forms.size() == 1 ? Filters.eq(field, forms.get(0)) : Filters.in(field, forms);
  }

  /** Case, accents and spacing do not matter for the name lookup. */
  static BsonString nameDob(String familyName, String birthDate) {
    String normal =
        Normalizer.normalize(familyName, Normalizer.Form.NFD)
            .replaceAll("\\p{M}", "")
            .replaceAll("[^\\p{L}]", "")
            .toLowerCase(Locale.ROOT);
    return new BsonString(normal + "|" + birthDate);
  }

  private static BsonValue toBson(Object value) {
    return new Document("v", value).toBsonDocument().get("v");
  }

  private static Object fromBson(BsonValue value) {
    if (value.isString()) {
      return value.asString().getValue();
    }
    if (value.isDocument()) {
      return Document.parse(value.asDocument().toJson());
    }
    return new Document("v", value).toBsonDocument().get("v");
  }
}
