package org.phirecords.internal.patient;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.error.VersionConflictException;
import org.phirecords.integration.IntegrationEventType;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.model.MergeId;
import org.phirecords.model.PatientId;
import org.phirecords.model.PatientMerge;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.PatientMerges;

/**
 * {@link PatientMerges} by linking (ADR 36): the merged registration is marked with its survivor in
 * one conditional write, and the survivor's reads include the registrations merged into it. No
 * entry, amendment request or audit event is rewritten, so an undo restores both exactly and a
 * crash leaves either the whole merge or none of it (the announced intent is proven by the
 * reconciler from the stamp on the merged registration).
 */
@ApplicationScoped
public class MongoPatientMerges implements PatientMerges {
  /** How long a merge can be undone, unless {@code records.merge.undo-period-seconds} says. */
  static final Duration DEFAULT_UNDO_PERIOD = Duration.ofDays(30);

  private Operations operations;
  private IdentityProtection protection;
  private Duration undoPeriod;
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected MongoPatientMerges() {}

  /** Merges within the current operation; the undo period from {@code config}. */
  @Inject
  public MongoPatientMerges(
      Operations operations, IdentityProtection protection, RecordsConfig config) {
    this.operations = operations;
    this.protection = protection;
    this.undoPeriod = config.seconds("records.merge.undo-period-seconds", DEFAULT_UNDO_PERIOD);
  }

  /** The same with another clock (tests of the undo period). */
  public MongoPatientMerges withClock(Clock other) {
    MongoPatientMerges copy = new MongoPatientMerges();
    copy.operations = operations;
    copy.protection = protection;
    copy.undoPeriod = undoPeriod;
    copy.clock = other;
    return copy;
  }

  @Override
  @RequiresPermission(Permission.PATIENT_MERGE)
  public PatientMerge merge(
      PatientId survivor, long survivorVersion, PatientId merged, long mergedVersion) {
    Operation op = operations.current();
    PatientRepository patients = new PatientRepository(op, protection);
    PatientMarks marks = new PatientMarks(patients);
    Document kept = inReach(op, marks, survivor);
    Document gone = inReach(op, marks, merged);
    if (survivor.equals(merged)
        || !PatientDocuments.inForce(kept)
        || !PatientDocuments.inForce(gone)
        || MergedRegistrations.linked(op, merged).size() > 1) {
      // A chain of merges would hide the entries merged into the merged one from the survivor.
      op.record(AuditOutcome.CONFLICT, merged.value(), merged.value(), 0);
      throw new RecordsException(ErrorCode.MERGE_REFUSED);
    }
    if (version(kept) != survivorVersion) {
      op.record(AuditOutcome.CONFLICT, survivor.value(), survivor.value(), 0);
      throw new VersionConflictException();
    }
    MergeId id = MergeId.random();
    Instant now = clock.instant();
    Instant until = now.plus(undoPeriod);
    WriteIntent intent =
        patients.announce(
            merged, mergedVersion + 1, IntegrationEventType.PATIENTS_MERGED, survivor);
    Optional<Document> seal =
        marks.merged(
            merged, mergedVersion, survivor, id, op.caller().subject(), now, until, intent);
    if (seal.isEmpty()) {
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new VersionConflictException();
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1, seal.get());
    // The survivor's access history shows the merge too.
    op.record(AuditOutcome.SUCCESS, survivor.value(), survivor.value(), 1);
    return new PatientMerge(id, survivor, merged, now, until);
  }

  @Override
  @RequiresPermission(Permission.PATIENT_MERGE)
  public PatientMerge undo(PatientId survivor, MergeId merge) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, survivor);
    PatientRepository patients = new PatientRepository(op, protection);
    PatientMarks marks = new PatientMarks(patients);
    Optional<Document> found = marks.mergedBy(survivor, merge);
    if (found.isEmpty()) {
      op.record(AuditOutcome.NOT_FOUND, merge.value(), survivor.value(), 0);
      throw new RecordsException(ErrorCode.MERGE_NOT_FOUND);
    }
    PatientId merged = new PatientId(found.get().getString(PatientDocuments.ID));
    Document into = found.get().get(PatientDocuments.MERGED_INTO, Document.class);
    Instant at = into.getDate("at").toInstant();
    Instant until = into.getDate("undoUntil").toInstant();
    if (clock.instant().isAfter(until)) {
      op.record(AuditOutcome.CONFLICT, merged.value(), merged.value(), 0);
      throw new RecordsException(ErrorCode.UNDO_EXPIRED);
    }
    long version = version(found.get());
    WriteIntent intent =
        patients.announce(merged, version + 1, IntegrationEventType.PATIENTS_UNMERGED, survivor);
    Optional<Document> seal = marks.unmerged(merged, version, merge, intent);
    if (seal.isEmpty()) {
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new VersionConflictException();
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1, seal.get());
    op.record(AuditOutcome.SUCCESS, survivor.value(), survivor.value(), 1);
    return new PatientMerge(merge, survivor, merged, at, until);
  }

  /** The state of {@code id} within reach; a missing one is audited and answers 404. */
  private static Document inReach(Operation op, PatientMarks marks, PatientId id) {
    return marks.state(id).orElseThrow(() -> op.notFound(id.value(), id.value()));
  }

  private static long version(Document state) {
    return state.get(PatientDocuments.VERSION, Number.class).longValue();
  }
}
