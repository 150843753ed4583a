package org.phirecords.internal.patient;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Projections.include;
import static org.phirecords.internal.patient.PatientDocuments.ID;
import static org.phirecords.internal.patient.PatientDocuments.MERGED_INTO;
import static org.phirecords.internal.patient.PatientDocuments.VERSION;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.integrity.RecordSeals;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.MergeId;
import org.phirecords.model.PatientId;

/**
 * A registration's changes of state (ADR 36): marked entered-in-error, merged into a survivor, the
 * merge undone. Each is one conditional write of one version of one document, stamped with its
 * announced intent and sealed anew: atomic without a transaction, and proven by the reconciler from
 * the stamp if the process dies after announcing it.
 */
final class PatientMarks {
  private final PatientRepository patients;
  private final TenantScopedCollection handle;

  PatientMarks(PatientRepository patients) {
    this.patients = patients;
    this.handle = patients.handle();
  }

  /**
   * The version and state fields (entered-in-error, merged) of patient {@code id} within reach,
   * whatever its state (ADR 36); empty if missing or out of reach.
   */
  Optional<Document> state(PatientId id) {
    return handle.findOne(
        eq(ID, id.value()),
        include(ID, VERSION, PatientDocuments.ENTERED_IN_ERROR, PatientDocuments.MERGED_INTO),
        null);
  }

  /** The state of the patient merged into {@code survivor} by {@code merge}, if within reach. */
  Optional<Document> mergedBy(PatientId survivor, MergeId merge) {
    return handle.findOne(
        and(
            eq(PatientDocuments.MERGED_INTO + ".survivor", survivor.value()),
            eq(PatientDocuments.MERGED_INTO + ".mergeId", merge.value())),
        include(ID, VERSION, PatientDocuments.MERGED_INTO),
        null);
  }

  /** Marks version {@code version} of {@code id} entered-in-error by {@code by}; the digest. */
  Optional<Document> enteredInError(PatientId id, long version, String by, WriteIntent intent) {
    Document mark = new Document("by", by).append("at", new Date());
    return change(
        id,
        version,
        PatientRepository.IN_FORCE,
        new Document(PatientDocuments.ENTERED_IN_ERROR, mark),
        null,
        intent);
  }

  /** Merges version {@code version} of {@code id} into {@code survivor}; the digest. */
  Optional<Document> merged(
      PatientId id,
      long version,
      PatientId survivor,
      MergeId merge,
      String by,
      Instant at,
      Instant undoUntil,
      WriteIntent intent) {
    Document into =
        new Document("survivor", survivor.value())
            .append("mergeId", merge.value())
            .append("by", by)
            .append("at", Date.from(at))
            .append("undoUntil", Date.from(undoUntil));
    return change(
        id, version, PatientRepository.IN_FORCE, new Document(MERGED_INTO, into), null, intent);
  }

  /** Undoes merge {@code merge} of version {@code version} of {@code id}; the digest. */
  Optional<Document> unmerged(PatientId id, long version, MergeId merge, WriteIntent intent) {
    return change(
        id,
        version,
        eq(MERGED_INTO + ".mergeId", merge.value()),
        new Document(),
        MERGED_INTO,
        intent);
  }

  /**
   * Sets {@code set} on version {@code version} of {@code id} in {@code state} (and removes {@code
   * unset} if given), as the next version: the document is read first so that the new digest covers
   * it whole; empty if it is at another version or state meanwhile.
   */
  private Optional<Document> change(
      PatientId id, long version, Bson state, Document set, String unset, WriteIntent intent) {
    Bson current = and(eq(ID, id.value()), eq(VERSION, version), state);
    Optional<Document> before = handle.findOne(current, null, null);
    if (before.isEmpty()) {
      return Optional.empty();
    }
    set.append("updatedAt", new Date()).append(WriteIntent.STAMP, intent.id());
    Document after = new Document(before.get());
    after.putAll(set);
    if (unset != null) {
      after.remove(unset);
    }
    after.put(VERSION, version + 1);
    Document seal = patients.seal(id.value(), version + 1, after);
    Document update =
        new Document("$set", set.append(RecordSeals.FIELD, seal))
            .append("$inc", new Document(VERSION, 1L));
    if (unset != null) {
      update.append("$unset", new Document(unset, ""));
    }
    return handle.findOneAndUpdate(current, update).map(stored -> seal);
  }
}
