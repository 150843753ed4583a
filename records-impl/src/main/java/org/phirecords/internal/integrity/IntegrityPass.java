package org.phirecords.internal.integrity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.export.AuditEventRepository;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.clinical.ClinicalRepository;
import org.phirecords.internal.patient.PatientMaintenance;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.IntegrityFinding;
import org.phirecords.model.IntegrityFinding.Kind;
import org.phirecords.model.IntegrityReport;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;

/**
 * One pass over a tenant's stored identity records and clinical entry versions (ADR 23): each is
 * compared with its digest, and a record that matches it with the digest its write's audit event
 * recorded. Reads ciphertext as stored, decrypts nothing, reports ids only. Records are read in
 * batches ({@link #BATCH}); the audit events of a batch in one query.
 */
public final class IntegrityPass {
  /** Records read per query. */
  static final int BATCH = 500;

  private final TenantCollections collections;
  private final RecordSeals seals;

  /** A pass over the stores of {@code collections}, digests checked with {@code seals}. */
  public IntegrityPass(TenantCollections collections, RecordSeals seals) {
    this.collections = collections;
    this.seals = seals;
  }

  /** Checks every record of {@code tenant}; lists at most {@code max} findings, counts all. */
  public IntegrityReport run(TenantId tenant, int max) {
    Tally tally = new Tally(max);
    for (StoredRecords records :
        List.of(
            PatientMaintenance.sealedRecords(collections, tenant),
            ClinicalRepository.sealedRecords(collections, tenant))) {
      List<Document> batch = new ArrayList<>(BATCH);
      records.forEach(
          BATCH,
          doc -> {
            batch.add(doc);
            if (batch.size() == BATCH) {
              check(tenant, records, batch, tally);
              batch.clear();
            }
          });
      check(tenant, records, batch, tally);
    }
    return tally.report(tenant);
  }

  private void check(TenantId tenant, StoredRecords records, List<Document> batch, Tally tally) {
    if (batch.isEmpty()) {
      return;
    }
    List<Document> sealed = new ArrayList<>();
    for (Document doc : batch) {
      tally.checked++;
      Optional<Kind> own =
          seals.check(
              records.collection(), tenant, records.id(doc), StoredRecords.version(doc), doc);
      if (own.isPresent()) {
        tally.add(records, doc, own.get());
      } else {
        sealed.add(doc);
      }
    }
    List<String> intents =
        sealed.stream().map(d -> d.get(WriteIntent.STAMP)).map(String::valueOf).toList();
    Map<String, Document> audited =
        intents.isEmpty()
            ? Map.of()
            : AuditEventRepository.recordDigests(collections, tenant, intents);
    for (Document doc : sealed) {
      Document recorded = audited.get(String.valueOf(doc.get(WriteIntent.STAMP)));
      if (recorded == null) {
        tally.add(records, doc, Kind.AUDIT_EVENT_MISSING);
      } else if (!recorded.equals(doc.get(RecordSeals.FIELD, Document.class))) {
        tally.add(records, doc, Kind.AUDIT_MISMATCH);
      }
    }
  }

  /**
   * Audits a pass (or its alert) over {@code tenant} run by the module as {@code subject}: resource
   * {@code RECORD_INTEGRITY}, the count of records found changed.
   */
  static void audit(
      AuditTrail trail, TenantId tenant, String subject, String operation, long changed) {
    trail.record(
        new Caller(
            subject,
            Optional.of(tenant),
            Set.of(),
            Optional.empty(),
            PurposeOfUse.COMPLIANCE,
            "local"),
        AuditAction.READ,
        ResourceType.RECORD_INTEGRITY,
        null,
        null,
        AuditOutcome.SUCCESS,
        operation,
        (int) Math.min(Integer.MAX_VALUE, changed));
  }

  /** Counts of one pass and its bounded lists of findings. */
  private static final class Tally {
    private final int max;
    private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    private final List<IntegrityFinding> changed = new ArrayList<>();
    private final List<IntegrityFinding> unsealed = new ArrayList<>();
    private long checked;

    Tally(int max) {
      this.max = max;
      for (Kind k : Kind.values()) {
        counts.put(k, 0L);
      }
    }

    void add(StoredRecords records, Document doc, Kind kind) {
      counts.merge(kind, 1L, Long::sum);
      List<IntegrityFinding> list = kind == Kind.DIGEST_MISSING ? unsealed : changed;
      if (list.size() < max) {
        list.add(
            new IntegrityFinding(
                records.collection(), records.id(doc), StoredRecords.version(doc), kind));
      }
    }

    IntegrityReport report(TenantId tenant) {
      List<IntegrityFinding> findings = new ArrayList<>(changed);
      unsealed.stream().limit(Math.max(0, max - findings.size())).forEach(findings::add);
      long total = counts.values().stream().mapToLong(Long::longValue).sum();
      return new IntegrityReport(
          tenant, Instant.now(), checked, Map.copyOf(counts), findings, total > findings.size());
    }
  }
}
