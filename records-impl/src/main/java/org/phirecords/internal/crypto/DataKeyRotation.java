package org.phirecords.internal.crypto;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.bson.Document;
import org.phirecords.internal.tenancy.Collections;
import org.phirecords.internal.tenancy.TenantCollections;
import org.phirecords.internal.tenancy.TenantScopedCollection;
import org.phirecords.model.KeyRotation;
import org.phirecords.model.TenantId;

/**
 * Rotates a tenant's data key: creates a new key, makes it active, then re-encrypts identity
 * records in batches. Every step is idempotent and driven by what is stored (the progress document
 * and each record's {@code dataKeyId}), so a crashed run is finished by running again. While a
 * rotation is unfinished, lookups search with both keys.
 */
@ApplicationScoped
public class DataKeyRotation {
  static final String REENCRYPTING = "REENCRYPTING";
  static final String DONE = "DONE";
  private static final Logger LOG = Logger.getLogger(DataKeyRotation.class.getName());

  private FieldCipher cipher;
  private IdentityProtection protection;
  private TenantCollections collections;

  /** For CDI. */
  protected DataKeyRotation() {}

  /** Rotation with {@code cipher} over the stores of {@code collections}. */
  @Inject
  public DataKeyRotation(
      FieldCipher cipher, IdentityProtection protection, TenantCollections collections) {
    this.cipher = cipher;
    this.protection = protection;
    this.collections = collections;
  }

  /** Starts or resumes the rotation; runs at most {@code maxBatches} batches of {@code batch}. */
  public KeyRotation rotate(TenantId tenant, int batch, int maxBatches) {
    MongoCollection<Document> progress = collections.keyRotations();
    Document state = progress.find(eq("_id", tenant.value())).first();
    UUID next;
    if (state == null || DONE.equals(state.getString("status"))) {
      Optional<UUID> old = cipher.currentKey(tenant);
      next = cipher.createKey(tenant, List.of());
      progress.replaceOne(
          eq("_id", tenant.value()),
          new Document("_id", tenant.value())
              .append("status", REENCRYPTING)
              .append("oldKeyId", old.map(UUID::toString).orElse(null))
              .append("newKeyId", next.toString())
              .append("reencrypted", 0L)
              .append("startedAt", new Date()),
          new ReplaceOptions().upsert(true));
      LOG.info("data key rotation started for a tenant");
    } else {
      next = UUID.fromString(state.getString("newKeyId"));
    }
    next = switchTo(tenant, next, progress);

    TenantScopedCollection patients = collections.forMaintenance(Collections.PATIENTS, tenant);
    long done = 0;
    for (int b = 0; b < maxBatches; b++) {
      List<Document> stale =
          patients.find(ne(IdentityProtection.DATA_KEY_ID, next.toString()), null, null, batch);
      if (stale.isEmpty()) {
        break;
      }
      for (Document doc : stale) {
        done += reencrypt(tenant, patients, doc) ? 1 : 0;
      }
      progress.updateOne(
          eq("_id", tenant.value()), Updates.inc("reencrypted", (long) stale.size()));
    }
    long remaining = patients.count(ne(IdentityProtection.DATA_KEY_ID, next.toString()));
    if (remaining == 0) {
      progress.updateOne(
          eq("_id", tenant.value()),
          Updates.combine(Updates.set("status", DONE), Updates.set("finishedAt", new Date())));
    }
    Document after = progress.find(eq("_id", tenant.value())).first();
    LOG.info("data key rotation: " + done + " re-encrypted in this run, " + remaining + " left");
    return new KeyRotation(
        tenant,
        after.getString("status"),
        after.get("reencrypted", Number.class).longValue(),
        remaining);
  }

  /** Makes {@code next} active (idempotent); adopts another key that became active meanwhile. */
  private UUID switchTo(TenantId tenant, UUID next, MongoCollection<Document> progress) {
    Optional<UUID> current = cipher.currentKey(tenant);
    if (current.isPresent() && current.get().equals(next)) {
      return next;
    }
    if (current.isEmpty() || !cipher.activate(tenant, current.get(), next)) {
      UUID adopted = cipher.currentKey(tenant).orElseGet(() -> cipher.ensureDataKey(tenant));
      progress.updateOne(eq("_id", tenant.value()), Updates.set("newKeyId", adopted.toString()));
      return adopted;
    }
    return next;
  }

  private boolean reencrypt(TenantId tenant, TenantScopedCollection patients, Document stored) {
    Document plain = protection.open(tenant, stored);
    Document protectedFields = new Document();
    for (Map.Entry<String, Object> e : plain.entrySet()) {
      if (IdentityProtection.RANDOM.contains(e.getKey())
          || IdentityProtection.DETERMINISTIC.contains(e.getKey())) {
        protectedFields.put(e.getKey(), e.getValue());
      }
    }
    Document sealed = protection.seal(tenant, protectedFields);
    // A concurrent update re-encrypts with the active key by itself: then this one matches nothing.
    return patients
        .findOneAndUpdate(
            and(
                eq("patientId", stored.getString("patientId")),
                eq("version", stored.get("version"))),
            new Document("$set", sealed))
        .isPresent();
  }
}
