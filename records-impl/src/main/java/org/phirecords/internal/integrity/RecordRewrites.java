package org.phirecords.internal.integrity;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.PurposeOfUse;

/**
 * Seals the module's own in-place rewrites of stored records (a data key rotation re-encrypting,
 * free text sealed after the fact; ADR 23). A record is sealed anew only if it still matched its
 * digest, so that a rewrite never launders a change made at rest; its rewrite is audited first,
 * with the new digest and a new stamp, so the pass can compare the record with its event again.
 */
public final class RecordRewrites {
  private static final String MODULE = "system:record-rewrite";
  private final AuditTrail trail;

  /** Rewrites sealed with the seals of {@code trail}, and audited there. */
  public RecordRewrites(AuditTrail trail) {
    this.trail = trail;
  }

  /**
   * What to add to the {@code $set} that turns {@code stored} (record {@code id} of {@code
   * patient}, its version in the document) into {@code changed}: a new stamp and digest, after the
   * rewrite's audit event ({@code permission}'s resource, {@code operation}); empty if {@code
   * stored} did not match its digest (it then keeps the digest it has, and stays reported).
   */
  public Optional<Document> sealed(
      String collection,
      TenantId tenant,
      String id,
      String patient,
      Permission permission,
      String operation,
      Document stored,
      Document changed) {
    if (trail
        .recordSeals()
        .check(collection, tenant, id, StoredRecords.version(stored), stored)
        .isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        rewrite(collection, tenant, id, patient, permission, operation, changed, MODULE));
  }

  /**
   * The backfill of one record stored before records were sealed (ADR 23): what to {@code $set} on
   * {@code stored} (a stamp and digest of it as it is), after the audit event of {@code operator}'s
   * backfill; empty if it carries a digest already.
   */
  public Optional<Document> backfill(
      StoredRecords records, TenantId tenant, Document stored, String operator) {
    if (stored.containsKey(RecordSeals.FIELD)) {
      return Optional.empty();
    }
    boolean patients = records.idField().equals("patientId");
    return Optional.of(
        rewrite(
            records.collection(),
            tenant,
            records.id(stored),
            stored.getString("patientId"),
            patients ? Permission.PATIENT_UPDATE : Permission.CLINICAL_UPDATE,
            "RecordIntegrity.backfill",
            stored,
            operator));
  }

  private Document rewrite(
      String collection,
      TenantId tenant,
      String id,
      String patient,
      Permission permission,
      String operation,
      Document changed,
      String subject) {
    Caller module =
        new Caller(
            subject,
            Optional.of(tenant),
            Set.of(),
            Optional.empty(),
            PurposeOfUse.OPERATIONS,
            "local");
    WriteIntent rewrite =
        new WriteIntent(
            UUID.randomUUID().toString(),
            module,
            permission,
            permission.action(),
            id,
            patient,
            operation);
    Document after = new Document(changed).append(WriteIntent.STAMP, rewrite.id());
    Document seal =
        trail.recordSeals().seal(collection, tenant, id, StoredRecords.version(changed), after);
    trail.recordRewrite(rewrite, seal);
    return new Document(WriteIntent.STAMP, rewrite.id()).append(RecordSeals.FIELD, seal);
  }
}
