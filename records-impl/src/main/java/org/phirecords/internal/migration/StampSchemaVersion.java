package org.phirecords.internal.migration;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;

import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.clinical.ClinicalRepository;
import org.phirecords.internal.integrity.RecordRewrites;
import org.phirecords.internal.integrity.RecordSeals;
import org.phirecords.internal.integrity.StoredRecords;
import org.phirecords.internal.patient.PatientMaintenance;
import org.phirecords.internal.store.SchemaVersion;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;

/**
 * Migration 0001 (ADR 52): patients and clinical entry versions written before formats were
 * versioned get {@code schemaVersion: 1}. The version is content, covered by the record's digest
 * (ADR 23), so each stamp is a rewrite of the module's own: a record that still matches its digest
 * is sealed anew after an audit event of the rewrite ({@link RecordRewrites}); one changed at rest
 * is left as it is (and stays reported by the integrity pass); one stored before records were
 * sealed gets the stamp alone (the integrity backfill seals it later, stamp included). Each write
 * is conditional on the version read and on the stamp still missing: idempotent, and never over a
 * write the module made meanwhile (which stamps the current version itself).
 */
final class StampSchemaVersion implements Migration {
  static final String ID = "0001-schema-version";
  static final String OPERATION = "SchemaMigration." + ID;

  private final TenantCollections collections;
  private final RecordRewrites rewrites;
  private final int batch;

  StampSchemaVersion(TenantCollections collections, AuditTrail trail, int batch) {
    this.collections = collections;
    this.rewrites = new RecordRewrites(trail);
    this.batch = batch;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public long migrate(TenantId tenant, Runnable heartbeat) {
    long[] stamped = {0};
    long[] seen = {0};
    for (StoredRecords records :
        List.of(
            PatientMaintenance.sealedRecords(collections, tenant),
            ClinicalRepository.sealedRecords(collections, tenant))) {
      records.forEach(
          batch,
          doc -> {
            if (seen[0]++ % batch == 0) {
              heartbeat.run();
            }
            if (!doc.containsKey(SchemaVersion.FIELD) && stamp(records, tenant, doc)) {
              stamped[0]++;
            }
          });
    }
    return stamped[0];
  }

  private boolean stamp(StoredRecords records, TenantId tenant, Document stored) {
    Document changed = new Document(stored).append(SchemaVersion.FIELD, SchemaVersion.CURRENT);
    Optional<Document> set;
    if (stored.containsKey(RecordSeals.FIELD)) {
      boolean patients = records.idField().equals("patientId");
      set =
          rewrites.sealed(
              records.collection(),
              tenant,
              records.id(stored),
              stored.getString("patientId"),
              patients ? Permission.PATIENT_UPDATE : Permission.CLINICAL_UPDATE,
              OPERATION,
              stored,
              changed);
    } else {
      set = Optional.of(new Document());
    }
    return set.map(
            s ->
                records
                    .stored()
                    .findOneAndUpdate(
                        and(
                            eq("_id", stored.get("_id")),
                            eq("version", stored.get("version")),
                            exists(SchemaVersion.FIELD, false)),
                        new Document("$set", s.append(SchemaVersion.FIELD, SchemaVersion.CURRENT)))
                    .isPresent())
        .orElse(false);
  }
}
