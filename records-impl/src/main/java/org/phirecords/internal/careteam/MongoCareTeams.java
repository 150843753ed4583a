package org.phirecords.internal.careteam;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.error.VersionConflictException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.model.CareTeamMember;
import org.phirecords.model.CareTeamMemberId;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.CareTeams;

/**
 * {@link CareTeams} on the {@code care_teams} collection (ADR 30). The patient must be within the
 * caller's reach (else the same 404 as a missing one): a physician narrowed to their care teams
 * changes only the teams they are on, or a team opened to them by break-glass.
 */
@ApplicationScoped
public class MongoCareTeams implements CareTeams {
  /** The longest subject accepted, as IdPs' {@code sub} claims go. */
  static final int MAX_SUBJECT = 255;

  private Operations operations;

  /** For CDI. */
  protected MongoCareTeams() {}

  /** Care teams within the current operation. */
  @Inject
  public MongoCareTeams(Operations operations) {
    this.operations = operations;
  }

  @Override
  @RequiresPermission(Permission.CARE_TEAM_WRITE)
  public CareTeamMember add(PatientId patient, String subject) {
    Operation op = operations.current();
    requireSubject(subject);
    PatientRepository.requireReachable(op, patient);
    CareTeamRepository places = CareTeamRepository.of(op);
    List<Document> current = places.current(patient);
    Optional<Document> held =
        current.stream()
            .filter(d -> subject.equals(d.getString(CareTeamRepository.SUBJECT)))
            .findFirst();
    if (held.isPresent()) {
      op.record(
          AuditOutcome.SUCCESS, held.get().getString(CareTeamRepository.ID), patient.value(), 0);
      return CareTeamRepository.read(held.get());
    }
    if (current.size() >= MAX_MEMBERS) {
      op.record(AuditOutcome.CONFLICT, null, patient.value(), 0);
      throw new RecordsException(ErrorCode.CARE_TEAM_FULL);
    }
    CareTeamMember added =
        new CareTeamMember(
            CareTeamMemberId.random(),
            patient,
            subject,
            Instant.now(),
            op.caller().subject(),
            Optional.empty());
    WriteIntent intent =
        CareTeamRepository.announce(op, AuditAction.CREATE, added.id(), patient, 1L);
    places.insert(added, intent);
    // After the place: a failure between the two leaves less access, never more.
    places.copyOntoPatient(operations.collections(), tenant(op), patient, Optional.empty());
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return added;
  }

  @Override
  @RequiresPermission(Permission.CARE_TEAM_WRITE)
  public CareTeamMember end(PatientId patient, CareTeamMemberId id) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    CareTeamRepository places = CareTeamRepository.of(op);
    Document stored =
        places.byId(patient, id).orElseThrow(() -> op.notFound(id.value(), patient.value()));
    if (stored.getDate(CareTeamRepository.END) != null) {
      op.record(AuditOutcome.SUCCESS, id.value(), patient.value(), 0);
      return CareTeamRepository.read(stored);
    }
    long version = stored.get(CareTeamRepository.VERSION, Number.class).longValue();
    WriteIntent intent =
        CareTeamRepository.announce(op, AuditAction.UPDATE, id, patient, version + 1);
    // Before the place ends: a failure between the two leaves less access, never more.
    places.copyOntoPatient(operations.collections(), tenant(op), patient, Optional.of(id));
    Optional<Document> ended = places.end(patient, id, version, Instant.now(), intent);
    if (ended.isEmpty()) {
      places.copyOntoPatient(operations.collections(), tenant(op), patient, Optional.empty());
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new VersionConflictException();
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return CareTeamRepository.read(ended.get());
  }

  @Override
  @RequiresPermission(Permission.CARE_TEAM_READ)
  public List<CareTeamMember> members(PatientId patient) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    List<CareTeamMember> members =
        CareTeamRepository.of(op).current(patient).stream().map(CareTeamRepository::read).toList();
    op.record(AuditOutcome.SUCCESS, null, patient.value(), members.size());
    return members;
  }

  /** A subject: 1 to 255 printable characters without spaces (the value never echoed). */
  private static void requireSubject(String subject) {
    if (subject == null || !subject.matches("[\\x21-\\x7E]{1," + MAX_SUBJECT + "}")) {
      throw InvalidInputException.invalid("/subject", "must be 1 to 255 printable characters");
    }
  }

  private static TenantId tenant(Operation op) {
    return op.caller().tenant().orElseThrow();
  }
}
