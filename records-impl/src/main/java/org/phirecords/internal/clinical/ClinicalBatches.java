package org.phirecords.internal.clinical;

import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Projections.include;

import com.mongodb.MongoBulkWriteException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.internal.store.StoreErrors;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.PatientBatch;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;

/**
 * Imported entries recorded as a batch (ADR 40), as patients are registered (ADR 34): the patients
 * checked in one read, the entries already stored found in one read, the new ones sealed as {@code
 * create} seals them, announced once, written in one unordered insert and concluded once (an event
 * per entry stored, naming its patient; the batch's count; one {@code CONFLICT} with the count
 * already present), so the store commands do not grow with the batch.
 */
public final class ClinicalBatches {
  /** Version 1 of entry {@code id} of {@code patient}, as an import derived it (ADR 37). */
  public record Imported(PatientId patient, RecordId id, ClinicalData data) {}

  /** What became of an imported entry. */
  public enum Outcome {
    CREATED,
    ALREADY_PRESENT,
    /** Its patient is not in force or not within the caller's reach: nothing stored. */
    PATIENT_NOT_FOUND
  }

  private final Operation op;
  private final ClinicalRepository entries;

  ClinicalBatches(Operation op, ClinicalRepository entries) {
    this.op = op;
    this.entries = entries;
  }

  /**
   * Records {@code batch} (at most {@link PatientBatch#MAX_ENTRIES}), each version marked with the
   * import transaction {@code importTx} if not null; what became of each entry, by position, and
   * the versions stored (plaintext), for the projection.
   */
  Result importAll(List<Imported> batch, String importTx) {
    if (batch.size() > PatientBatch.MAX_ENTRIES) {
      op.record(AuditOutcome.INVALID, null, null, batch.size());
      throw new RecordsException(ErrorCode.BATCH_TOO_LARGE);
    }
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    if (batch.isEmpty()) {
      return new Result(outcomes, List.of());
    }
    Set<String> reachable =
        PatientRepository.reachable(
            op, batch.stream().map(e -> e.patient().value()).distinct().toList());
    batch.forEach(
        e ->
            entries
                .clearance()
                .requireCleared(op, e.data().sensitivity(), e.id().value(), e.patient().value()));
    Set<String> present = new HashSet<>();
    entries
        .handle()
        .find(
            in(ClinicalDocuments.ID, batch.stream().map(e -> e.id().value()).toList()),
            include(ClinicalDocuments.ID),
            null,
            0)
        .forEach(d -> present.add(d.getString(ClinicalDocuments.ID)));
    List<Integer> fresh = new ArrayList<>();
    List<Document> plain = new ArrayList<>();
    List<Document> sealed = new ArrayList<>();
    int notFound = 0;
    for (int i = 0; i < batch.size(); i++) {
      Imported e = batch.get(i);
      if (!reachable.contains(e.patient().value())) {
        outcomes.add(Outcome.PATIENT_NOT_FOUND);
        notFound++;
      } else if (!present.add(e.id().value())) {
        // Stored before, or an earlier entry of this batch: re-importing changes nothing.
        outcomes.add(Outcome.ALREADY_PRESENT);
      } else {
        outcomes.add(Outcome.CREATED);
        Document doc =
            ClinicalDocuments.toDocument(
                e.id(), e.patient(), 1L, e.data(), op.caller().subject(), null);
        if (importTx != null) {
          doc.append(ClinicalDocuments.IMPORT_TX, importTx);
        }
        fresh.add(i);
        plain.add(doc);
        sealed.add(entries.sealed(doc));
      }
    }
    if (notFound > 0) {
      op.record(AuditOutcome.NOT_FOUND, null, null, notFound);
    }
    int refused = (int) outcomes.stream().filter(o -> o == Outcome.ALREADY_PRESENT).count();
    if (fresh.isEmpty()) {
      if (refused > 0) {
        op.record(AuditOutcome.CONFLICT, null, null, refused);
      }
      return new Result(outcomes, List.of());
    }
    WriteIntent intent =
        entries.announceBatch(
            plain.stream().map(d -> d.getString(ClinicalDocuments.ID)).toList(),
            plain.stream().map(d -> d.getString(ClinicalDocuments.PATIENT)).toList());
    List<WriteIntent.Entry> written = new ArrayList<>();
    for (int k = 0; k < sealed.size(); k++) {
      Document doc = sealed.get(k);
      String id = doc.getString(ClinicalDocuments.ID);
      String patient = doc.getString(ClinicalDocuments.PATIENT);
      Document seal = entries.stamped(doc, intent.entry(k, id, patient).id());
      written.add(new WriteIntent.Entry(k, id, patient, seal));
    }
    Set<Integer> duplicates = insertAll(sealed);
    List<Document> stored = new ArrayList<>();
    List<WriteIntent.Entry> concluded = new ArrayList<>();
    for (int k = 0; k < fresh.size(); k++) {
      if (duplicates.contains(k)) {
        // Stored meanwhile by another import of the same entry.
        outcomes.set(fresh.get(k), Outcome.ALREADY_PRESENT);
      } else {
        stored.add(plain.get(k));
        concluded.add(written.get(k));
      }
    }
    op.concludeBatch(intent, concluded, refused + duplicates.size());
    return new Result(outcomes, stored);
  }

  /** The outcome of each entry, by position, and the plaintext versions stored. */
  record Result(List<Outcome> outcomes, List<Document> stored) {}

  /**
   * Stores {@code sealed} in one unordered insert; the positions refused as already stored (the
   * unique index on record and version). Any other failure is thrown, the batch left open for the
   * reconciler to prove.
   */
  private Set<Integer> insertAll(List<Document> sealed) {
    try {
      entries.handle().insertMany(sealed);
      return Set.of();
    } catch (MongoBulkWriteException e) {
      return StoreErrors.duplicatePositions(e);
    }
  }
}
