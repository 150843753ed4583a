package org.phirecords.internal.crypto;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
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
import org.phirecords.internal.amendment.AmendmentRepository;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.clinical.ClinicalFreeTextBackfill;
import org.phirecords.internal.integrity.RecordRewrites;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.KeyRotation;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;

/**
 * Rotates a tenant's data key: creates a new key, makes it active, then re-encrypts identity
 * records in batches, and seals free text still stored in plaintext (ADR 15). Every step is
 * idempotent and driven by what is stored (the progress document and each record's {@code
 * dataKeyId}), so a crashed run is finished by running again. While a rotation is unfinished,
 * lookups search under both keys; it is declared done only after every instance's key cache has
 * expired and a last sweep found nothing under the old key.
 */
@ApplicationScoped
public class DataKeyRotation {
  static final String REENCRYPTING = "REENCRYPTING";
  static final String DONE = "DONE";
  private static final Logger LOG = Logger.getLogger(DataKeyRotation.class.getName());

  private FieldCipher cipher;
  private IdentityProtection protection;
  private FreeTextProtection freeText;
  private TenantCollections collections;
  private RecordRewrites rewrites;

  /** For CDI. */
  protected DataKeyRotation() {}

  /** Rotation with {@code cipher} over the stores of {@code collections}, records sealed anew. */
  @Inject
  public DataKeyRotation(
      FieldCipher cipher,
      IdentityProtection protection,
      FreeTextProtection freeText,
      TenantCollections collections,
      AuditTrail trail) {
    this(cipher, protection, freeText, collections, new RecordRewrites(trail));
  }

  /** The same, rewritten records sealed anew by {@code rewrites} (ADR 23). */
  public DataKeyRotation(
      FieldCipher cipher,
      IdentityProtection protection,
      FreeTextProtection freeText,
      TenantCollections collections,
      RecordRewrites rewrites) {
    this.cipher = cipher;
    this.protection = protection;
    this.freeText = freeText;
    this.collections = collections;
    this.rewrites = rewrites;
  }

  /** The same, free text sealed with {@code cipher} too. */
  public DataKeyRotation(
      FieldCipher cipher,
      IdentityProtection protection,
      TenantCollections collections,
      RecordRewrites rewrites) {
    this(cipher, protection, new FreeTextProtection(cipher), collections, rewrites);
  }

  /** Starts or resumes the rotation; runs at most {@code maxBatches} batches of {@code batch}. */
  public KeyRotation rotate(TenantId tenant, int batch, int maxBatches) {
    MongoCollection<Document> progress = collections.keyRotations();
    Document state = start(tenant, progress);
    UUID next = switchTo(tenant, UUID.fromString(state.getString("newKeyId")), progress);

    TenantScopedCollection patients = PatientRepository.forMaintenance(collections, tenant);
    if (maxBatches > 0) {
      // Until then other instances may look up only under the old key (see deterministicAll).
      untilEveryInstanceUsesTheNewKey(tenant, progress);
    }
    long done = sweep(tenant, patients, next, batch, maxBatches, progress);
    long remaining = stale(patients, next);
    if (remaining == 0) {
      // Other instances may still encrypt with the old key until their cache expires.
      untilEveryInstanceUsesTheNewKey(tenant, progress);
      done += sweep(tenant, patients, next, batch, Integer.MAX_VALUE, progress);
      remaining = stale(patients, next);
    }
    if (remaining == 0) {
      sealPlaintextFreeText(tenant, batch);
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

  /**
   * Waits until the key cache of every instance ({@link FieldCipher#activeKeyTtl()}, the same
   * setting everywhere) has expired since the new key became active: from then on every instance
   * encrypts under the new key and looks up under both. At once when that time has passed.
   */
  private void untilEveryInstanceUsesTheNewKey(
      TenantId tenant, MongoCollection<Document> progress) {
    Date activated = progress.find(eq("_id", tenant.value())).first().getDate("activatedAt");
    long settle =
        activated == null
            ? 0
            : activated.getTime()
                + cipher.activeKeyTtl().toMillis()
                + 100
                - System.currentTimeMillis();
    if (settle > 0) {
      try {
        Thread.sleep(settle);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The rotation's progress document: a new rotation, or the unfinished one to resume. */
  private Document start(TenantId tenant, MongoCollection<Document> progress) {
    Document state = progress.find(eq("_id", tenant.value())).first();
    if (state != null && !DONE.equals(state.getString("status"))) {
      return state;
    }
    Optional<UUID> old = cipher.currentKey(tenant);
    UUID created = cipher.createKey(tenant, List.of());
    Document fresh =
        new Document("status", REENCRYPTING)
            .append("oldKeyId", old.map(UUID::toString).orElse(null))
            .append("newKeyId", created.toString())
            .append("reencrypted", 0L)
            .append("startedAt", new Date());
    // Only one rotation starts; a concurrent start finds the other's document and resumes it.
    if (state == null) {
      try {
        Document first = new Document("_id", tenant.value());
        first.putAll(fresh);
        progress.insertOne(first); // one write: never a started rotation without its keys
        LOG.info("data key rotation started for a tenant");
      } catch (MongoException raced) {
        // another instance started it
      }
    } else if (progress
            .updateOne(
                and(eq("_id", tenant.value()), eq("status", DONE)), new Document("$set", fresh))
            .getModifiedCount()
        == 1) {
      LOG.info("data key rotation started for a tenant");
    }
    return progress.find(eq("_id", tenant.value())).first();
  }

  /** Makes {@code next} active (idempotent); adopts another key that became active meanwhile. */
  private UUID switchTo(TenantId tenant, UUID next, MongoCollection<Document> progress) {
    Optional<UUID> current = cipher.currentKey(tenant);
    if (current.isPresent() && current.get().equals(next)) {
      return next;
    }
    UUID active = next;
    if (current.isEmpty() || !cipher.activate(tenant, current.get(), next)) {
      active = cipher.currentKey(tenant).orElseGet(() -> cipher.ensureDataKey(tenant));
    }
    progress.updateOne(
        eq("_id", tenant.value()),
        Updates.combine(
            Updates.set("newKeyId", active.toString()), Updates.set("activatedAt", new Date())));
    return active;
  }

  /**
   * Seals the free text that the tenant's clinical versions and amendment requests still hold in
   * plaintext, written before free text was encrypted (ADR 15): the migration path. Free text
   * already sealed stays under the key that sealed it.
   */
  private void sealPlaintextFreeText(TenantId tenant, int batch) {
    long sealed =
        ClinicalFreeTextBackfill.run(collections, tenant, freeText, rewrites, batch)
            + AmendmentRepository.sealPlaintext(collections, tenant, freeText, batch);
    LOG.info("data key rotation: free text sealed in " + sealed + " documents written before");
  }

  private long stale(TenantScopedCollection patients, UUID next) {
    return patients.count(ne(IdentityProtection.DATA_KEY_ID, next.toString()));
  }

  private long sweep(
      TenantId tenant,
      TenantScopedCollection patients,
      UUID next,
      int batch,
      int maxBatches,
      MongoCollection<Document> progress) {
    long done = 0;
    String after = "";
    for (int b = 0; b < maxBatches; b++) {
      // Walks by patient id, so a record that cannot be re-encrypted is passed, not retried
      // forever.
      List<Document> stale =
          patients.find(
              and(
                  ne(IdentityProtection.DATA_KEY_ID, next.toString()),
                  com.mongodb.client.model.Filters.gt("patientId", after)),
              null,
              new Document("patientId", 1),
              batch);
      if (stale.isEmpty()) {
        break;
      }
      long failed = 0;
      for (Document doc : stale) {
        boolean reencrypted;
        try {
          reencrypted = reencrypt(tenant, patients, doc, next);
        } catch (RuntimeException unreadable) {
          reencrypted = false;
          failed++; // stays under its old key and in "remaining"; reported, not fatal
        }
        if (reencrypted) {
          // Counted as it is written: a run dying mid-batch leaves no record uncounted, and
          // the resumed run does not see it as stale again.
          progress.updateOne(eq("_id", tenant.value()), Updates.inc("reencrypted", 1L));
          done++;
        }
        after = doc.getString("patientId");
      }
      if (failed > 0) {
        progress.updateOne(eq("_id", tenant.value()), Updates.inc("failed", failed));
      }
    }
    return done;
  }

  private boolean reencrypt(
      TenantId tenant, TenantScopedCollection patients, Document stored, UUID next) {
    Document plain = protection.open(tenant, stored);
    Document protectedFields = new Document();
    for (Map.Entry<String, Object> e : plain.entrySet()) {
      if (IdentityProtection.RANDOM.contains(e.getKey())
          || IdentityProtection.DETERMINISTIC.contains(e.getKey())) {
        protectedFields.put(e.getKey(), e.getValue());
      }
    }
    // Sealed under the rotation's key explicitly, not whatever this instance has cached.
    Document sealed = protection.seal(protectedFields, next);
    Document changed = new Document(stored);
    changed.putAll(sealed);
    String id = stored.getString("patientId");
    // Sealed anew only if it held before: a rewrite never launders a change at rest (ADR 23).
    rewrites
        .sealed(
            PatientRepository.COLLECTION,
            tenant,
            id,
            id,
            Permission.PATIENT_UPDATE,
            "DataKeyRotation.reencrypt",
            stored,
            changed)
        .ifPresent(sealed::putAll);
    // A concurrent update re-encrypts by itself: then this one matches nothing.
    return patients
        .findOneAndUpdate(
            and(
                eq("patientId", stored.getString("patientId")),
                eq("version", stored.get("version"))),
            new Document("$set", sealed))
        .isPresent();
  }
}
