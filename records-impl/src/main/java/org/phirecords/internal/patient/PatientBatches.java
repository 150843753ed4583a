package org.phirecords.internal.patient;

import com.mongodb.MongoBulkWriteException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.integrity.RecordSeals;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.StoreErrors;
import org.phirecords.model.PatientBatch;
import org.phirecords.model.PatientBatch.Entry;
import org.phirecords.model.PatientBatch.Outcome;
import org.phirecords.model.PatientData;
import org.phirecords.model.PatientId;
import org.phirecords.security.Permission;

/**
 * A batch registration (ADR 34): every patient sealed as {@code create} seals it, then the whole
 * batch announced once, written in one unordered insert and concluded once (an event per patient
 * stored, the batch's count, the duplicates' count), so the store commands do not grow with the
 * batch. An entry whose MRN is taken is reported already present; the others still go in.
 */
final class PatientBatches {
  private final Operation op;
  private final PatientRepository patients;

  PatientBatches(Operation op, PatientRepository patients) {
    this.op = op;
    this.patients = patients;
  }

  /** Registers {@code batch}: checks, stores and concludes it. */
  PatientBatch register(List<PatientData> batch) {
    return conclude(store(batch, null, null));
  }

  /**
   * Registers {@code batch} as patients {@code ids} (one per entry), each document marked with the
   * import transaction {@code importTx} if not null, so that its recovery can roll them back (ADR
   * 37).
   */
  PatientBatch register(List<PatientData> batch, List<PatientId> ids, String importTx) {
    return conclude(store(batch, ids, importTx));
  }

  /** A batch stored but not concluded yet: its intent, ids, sealed documents, duplicates. */
  record Stored(
      WriteIntent intent, List<PatientId> ids, List<Document> sealed, Set<Integer> duplicates) {}

  /** Checks {@code batch}, announces it and stores it (a crash after this is the reconciler's). */
  Stored store(List<PatientData> batch) {
    return store(batch, null, null);
  }

  private Stored store(List<PatientData> batch, List<PatientId> given, String importTx) {
    if (batch.size() > PatientBatch.MAX_ENTRIES) {
      op.record(AuditOutcome.INVALID, null, null, batch.size());
      throw new RecordsException(ErrorCode.BATCH_TOO_LARGE);
    }
    if (!op.reach(Permission.PATIENT_CREATE).isWholeTenant()) {
      // Entries would need a membership or a care team each: registrations of their own.
      op.record(AuditOutcome.DENIED, null, null, 0);
      throw new RecordsException(ErrorCode.REGISTRATION_NEEDS_TENANT_ROLE);
    }
    if (batch.isEmpty()) {
      return new Stored(null, List.of(), List.of(), Set.of());
    }
    Instant now = Instant.now();
    List<PatientId> ids = new ArrayList<>(batch.size());
    List<Document> sealed = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      PatientId id = given == null ? PatientId.random() : given.get(i);
      ids.add(id);
      Document doc = patients.sealed(id, batch.get(i), now);
      sealed.add(importTx == null ? doc : doc.append(PatientDocuments.IMPORT_TX, importTx));
    }
    WriteIntent intent = patients.announceBatch(ids.stream().map(PatientId::value).toList());
    return new Stored(intent, ids, sealed, insertAll(sealed, intent));
  }

  /** Records the outcome of {@code stored}: its audit events, once; what each entry became. */
  PatientBatch conclude(Stored stored) {
    List<WriteIntent.Entry> written = new ArrayList<>();
    List<Entry> entries = new ArrayList<>(stored.ids().size());
    for (int i = 0; i < stored.ids().size(); i++) {
      PatientId id = stored.ids().get(i);
      if (stored.duplicates().contains(i)) {
        entries.add(new Entry(i, Outcome.ALREADY_PRESENT, null));
      } else {
        Document seal = stored.sealed().get(i).get(RecordSeals.FIELD, Document.class);
        written.add(new WriteIntent.Entry(i, id.value(), seal));
        entries.add(new Entry(i, Outcome.CREATED, id));
      }
    }
    if (stored.intent() != null) {
      op.concludeBatch(stored.intent(), written, stored.duplicates().size());
    }
    return new PatientBatch(entries);
  }

  /**
   * Stores {@code sealed} new patients in one unordered insert (ADR 34), each stamped with its
   * entry of {@code batch} and sealed with its digest ({@link RecordSeals#FIELD} of each document
   * after the call); returns the positions refused as duplicate MRNs, the others stored. Any other
   * failure is thrown, the batch left open for the reconciler to prove.
   */
  private Set<Integer> insertAll(List<Document> sealed, WriteIntent batch) {
    for (int i = 0; i < sealed.size(); i++) {
      Document doc = sealed.get(i);
      String id = doc.getString(PatientDocuments.ID);
      doc.append(WriteIntent.STAMP, batch.entry(i, id).id());
      doc.append(RecordSeals.FIELD, patients.seal(id, 1L, doc));
    }
    try {
      patients.handle().insertMany(sealed);
      return Set.of();
    } catch (MongoBulkWriteException e) {
      return StoreErrors.duplicatePositions(e);
    }
  }
}
