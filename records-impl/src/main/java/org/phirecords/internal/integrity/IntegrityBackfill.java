package org.phirecords.internal.integrity;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;

import java.util.List;
import org.bson.Document;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.clinical.ClinicalRepository;
import org.phirecords.internal.patient.PatientMaintenance;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.TenantId;

/**
 * The one-time sealing of records stored before records were sealed (ADR 23): each record without a
 * digest gets one of its content as it is now, after an audit event naming the operator and the
 * digest. It trusts what is stored at that moment: a change made at rest before the backfill stays
 * undetected. Idempotent; a record the module writes meanwhile keeps the digest it wrote.
 */
public final class IntegrityBackfill {
  private final TenantCollections collections;
  private final RecordRewrites rewrites;

  /** Backfill over the stores of {@code collections}, audited in {@code trail}. */
  public IntegrityBackfill(TenantCollections collections, AuditTrail trail) {
    this.collections = collections;
    this.rewrites = new RecordRewrites(trail);
  }

  /** Seals {@code tenant}'s records that carry no digest, audited as {@code operator}; how many. */
  public long sealMissing(TenantId tenant, String operator) {
    long[] sealed = {0};
    for (StoredRecords records :
        List.of(
            PatientMaintenance.sealedRecords(collections, tenant),
            ClinicalRepository.sealedRecords(collections, tenant))) {
      records.forEach(
          IntegrityPass.BATCH,
          doc ->
              rewrites
                  .backfill(records, tenant, doc, operator)
                  .ifPresent(
                      set -> {
                        if (records
                            .stored()
                            .findOneAndUpdate(
                                and(
                                    eq("_id", doc.get("_id")),
                                    eq("version", doc.get("version")),
                                    exists(RecordSeals.FIELD, false)),
                                new Document("$set", set))
                            .isPresent()) {
                          sealed[0]++;
                        }
                      }));
    }
    return sealed[0];
  }
}
