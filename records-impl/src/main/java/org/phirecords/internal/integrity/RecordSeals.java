package org.phirecords.internal.integrity;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bson.BsonArray;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.phirecords.internal.audit.chain.ChainKey;
import org.phirecords.internal.audit.chain.ChainKeys;
import org.phirecords.internal.store.Reach;
import org.phirecords.model.IntegrityFinding;
import org.phirecords.model.TenantId;

/**
 * Keyed digests of stored records (ADR 23): {@code HMAC-SHA-256(integrity key, form)}, where the
 * form is the BSON encoding of the record's context (collection, tenant, id, version, key id) and
 * of the stored document as stored (ciphertext, not plaintext), its fields sorted at every depth,
 * without {@code _id}, {@code tenantId} (in the context), the digest itself, and a patient's {@code
 * reach} and {@code careTeam} (derived from its memberships and care team, which change without a
 * new version: ADR 27, ADR 30). BSON is typed and length-prefixed, so the form is injective. The
 * digest is kept in the record's {@value #FIELD} field ({@code kid}, {@code mac}).
 *
 * <p>The integrity key of chain key {@code k} is {@code HMAC(k, "phi-records record integrity key
 * 1")}, named by {@code k}'s id: it is held, rotated and retired with the chain keys, and never
 * seals anything the chain key seals.
 */
public final class RecordSeals {
  /** The stored record's digest field. */
  public static final String FIELD = "integrity";

  static final String KEY_ID = "kid";
  static final String MAC = "mac";

  private static final String DERIVATION = "phi-records record integrity key 1";
  private static final String FORM = "phi-records record 1";
  private static final String PSEUDONYMS = "phi-records analytics pseudonym key 1";

  private final ChainKeys chainKeys;
  private final ChainKey active;
  private final ChainKey pseudonymKey;
  private final Map<String, ChainKey> byId = new java.util.concurrent.ConcurrentHashMap<>();

  private RecordSeals(ChainKeys chainKeys) {
    this.chainKeys = chainKeys;
    this.active = derived(chainKeys.active());
    this.pseudonymKey = derived(chainKeys.active(), PSEUDONYMS);
  }

  /** The seals whose keys derive from the chain keys {@code keys}. */
  public static RecordSeals of(ChainKeys keys) {
    return new RecordSeals(keys);
  }

  private static ChainKey derived(ChainKey chainKey) {
    return derived(chainKey, DERIVATION);
  }

  private static ChainKey derived(ChainKey chainKey, String derivation) {
    byte[] key =
        HexFormat.of().parseHex(chainKey.seal(derivation.getBytes(StandardCharsets.US_ASCII)));
    return ChainKey.of(chainKey.id(), key);
  }

  /**
   * The digest of {@code stored}, record {@code id} version {@code version} of {@code tenant} in
   * {@code collection}, under the active key: the value of {@link #FIELD}.
   */
  public Document seal(
      String collection, TenantId tenant, String id, long version, Document stored) {
    return new Document(KEY_ID, active.id())
        .append(MAC, mac(active, collection, tenant, id, version, stored));
  }

  /**
   * The pseudonymous key of patient {@code patientId} of {@code tenant} in the analytics projection
   * (ADR 43): a keyed digest under a key derived from the active chain key, the same for a patient
   * and saying nothing of the id. A chain key rotation changes it: the projection is rebuilt.
   */
  public String pseudonym(TenantId tenant, String patientId) {
    return pseudonymKey.seal(
        ("phi-records analytics pseudonym 1\n" + tenant.value() + "\n" + patientId)
            .getBytes(StandardCharsets.UTF_8));
  }

  /** What {@code stored} shows against its own digest; empty if it holds. */
  public Optional<IntegrityFinding.Kind> check(
      String collection, TenantId tenant, String id, long version, Document stored) {
    if (!(stored.get(FIELD) instanceof Document seal)
        || !(seal.get(KEY_ID) instanceof String kid)
        || !(seal.get(MAC) instanceof String mac)) {
      return Optional.of(IntegrityFinding.Kind.DIGEST_MISSING);
    }
    Optional<ChainKey> key =
        kid.equals(active.id())
            ? Optional.of(active)
            : chainKeys.find(kid).map(k -> byId.computeIfAbsent(kid, i -> derived(k)));
    if (key.isEmpty()) {
      return Optional.of(IntegrityFinding.Kind.KEY_UNKNOWN);
    }
    String expected = mac(key.get(), collection, tenant, id, version, stored);
    return java.security.MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII), mac.getBytes(StandardCharsets.US_ASCII))
        ? Optional.empty()
        : Optional.of(IntegrityFinding.Kind.DIGEST_MISMATCH);
  }

  private static String mac(
      ChainKey key, String collection, TenantId tenant, String id, long version, Document stored) {
    BsonDocument content = stored.toBsonDocument();
    content.remove("_id");
    content.remove("tenantId");
    content.remove(FIELD);
    content.remove(Reach.FIELD);
    content.remove(Reach.CARE_TEAM);
    BsonDocument form =
        new BsonDocument("form", new BsonString(FORM))
            .append("kid", new BsonString(key.id()))
            .append("collection", new BsonString(collection))
            .append("tenant", new BsonString(tenant.value()))
            .append("id", new BsonString(id))
            .append("version", new BsonInt64(version))
            .append("document", sorted(content));
    BasicOutputBuffer out = new BasicOutputBuffer();
    new BsonDocumentCodec()
        .encode(new BsonBinaryWriter(out), form, EncoderContext.builder().build());
    return key.seal(out.toByteArray());
  }

  private static BsonValue sorted(BsonValue value) {
    if (value.isDocument()) {
      BsonDocument sorted = new BsonDocument();
      for (Map.Entry<String, BsonValue> e : new TreeMap<>(value.asDocument()).entrySet()) {
        sorted.put(e.getKey(), sorted(e.getValue()));
      }
      return sorted;
    }
    if (value.isArray()) {
      BsonArray sorted = new BsonArray();
      value.asArray().forEach(v -> sorted.add(sorted(v)));
      return sorted;
    }
    return value;
  }
}
