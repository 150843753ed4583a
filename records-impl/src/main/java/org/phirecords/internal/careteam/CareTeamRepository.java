package org.phirecords.internal.careteam;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.patient.PatientMaintenance;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.CareTeamMember;
import org.phirecords.model.CareTeamMemberId;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * The {@code care_teams} collection: the only code that touches it (ADR 30). Each document is one
 * place on one patient's team; the subjects holding a place now are copied onto the patient as its
 * {@code careTeam}, which the scoped handle matches. The copy is written after a place is added and
 * before one ends, so a failure between the two leaves less access, never more.
 */
public final class CareTeamRepository {
  static final String ID = "memberId";
  static final String PATIENT = "patientId";
  static final String SUBJECT = "subject";
  static final String SINCE = "since";
  static final String ADDED_BY = "addedBy";
  static final String END = "end";
  static final String VERSION = "version";

  private final TenantScopedCollection places;

  private CareTeamRepository(TenantScopedCollection places) {
    this.places = places;
  }

  /** The care teams within reach of {@code op}. */
  static CareTeamRepository of(Operation op) {
    return new CareTeamRepository(op.handle(StoredCollection.CARE_TEAMS));
  }

  private static CareTeamRepository of(TenantCollections collections, TenantId tenant) {
    return new CareTeamRepository(collections.forMaintenance(StoredCollection.CARE_TEAMS, tenant));
  }

  /**
   * Records that {@code subject}, who registered new patient {@code patient} stored with them on
   * its team, holds a place on it from {@code since}: an announced write in {@code op}.
   */
  public static void register(
      Operation op,
      TenantCollections collections,
      PatientId patient,
      String subject,
      Instant since) {
    CareTeamMember m =
        new CareTeamMember(
            CareTeamMemberId.random(), patient, subject, since, subject, Optional.empty());
    WriteIntent intent = announce(op, AuditAction.CREATE, m.id(), patient, 1L);
    of(collections, op.caller().tenant().orElseThrow()).insert(m, intent);
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
  }

  /** Announces version {@code version} of place {@code id} on {@code patient}'s team. */
  static WriteIntent announce(
      Operation op, AuditAction action, CareTeamMemberId id, PatientId patient, long version) {
    return op.intend(action, StoredCollection.CARE_TEAMS, ID, id.value(), patient.value(), version);
  }

  /** Stores place {@code m} at version 1, stamped with {@code intent}. */
  void insert(CareTeamMember m, WriteIntent intent) {
    places.insertOne(
        new Document(ID, m.id().value())
            .append(PATIENT, m.patient().value())
            .append(SUBJECT, m.subject())
            .append(SINCE, Date.from(m.since()))
            .append(ADDED_BY, m.addedBy())
            .append(END, null)
            .append(VERSION, 1L)
            .append(WriteIntent.STAMP, intent.id()));
  }

  /** The places on {@code patient}'s team that hold now, oldest first. */
  List<Document> current(PatientId patient) {
    return places.find(
        and(eq(PATIENT, patient.value()), eq(END, null)), null, Sorts.ascending(SINCE, ID), 0);
  }

  /** Place {@code id} on {@code patient}'s team, stored form. */
  Optional<Document> byId(PatientId patient, CareTeamMemberId id) {
    return places.findOne(and(eq(PATIENT, patient.value()), eq(ID, id.value())), null, null);
  }

  /** Ends version {@code expected} of place {@code id} at {@code end}; the stored form after. */
  Optional<Document> end(
      PatientId patient, CareTeamMemberId id, long expected, Instant end, WriteIntent intent) {
    return places.findOneAndUpdate(
        and(eq(PATIENT, patient.value()), eq(ID, id.value()), eq(VERSION, expected)),
        new Document(
                "$set", new Document(END, Date.from(end)).append(WriteIntent.STAMP, intent.id()))
            .append("$inc", new Document(VERSION, 1L)));
  }

  /**
   * Copies the subjects of {@code patient}'s places that hold now, but {@code ending}, onto the
   * patient (ADR 30).
   */
  void copyOntoPatient(
      TenantCollections collections,
      TenantId tenant,
      PatientId patient,
      Optional<CareTeamMemberId> ending) {
    List<String> subjects =
        current(patient).stream()
            .filter(d -> ending.map(e -> !e.value().equals(d.getString(ID))).orElse(true))
            .map(d -> d.getString(SUBJECT))
            .distinct()
            .toList();
    PatientMaintenance.setCareTeam(collections, tenant, patient, subjects);
  }

  /** The place of a stored form. */
  static CareTeamMember read(Document d) {
    return new CareTeamMember(
        new CareTeamMemberId(d.getString(ID)),
        new PatientId(d.getString(PATIENT)),
        d.getString(SUBJECT),
        d.getDate(SINCE).toInstant(),
        d.getString(ADDED_BY),
        Optional.ofNullable(d.getDate(END)).map(Date::toInstant));
  }

  /** Removes every place of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return of(collections, tenant).places.deleteMany(new Document());
  }
}
