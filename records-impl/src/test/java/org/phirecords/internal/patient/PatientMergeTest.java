package org.phirecords.internal.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.MergedRecordException;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.error.VersionConflictException;
import org.phirecords.internal.access.MongoPatientRights;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientMerge;
import org.phirecords.security.Role;

/** Merging two registrations by linking, and undoing it (ADR 36), through the interceptor. */
class PatientMergeTest {
  private static final PageRequest ALL = PageRequest.first(PageRequest.MAX_LIMIT);
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords clinical = fixture.clinical();
  private final MongoPatientRights rights = fixture.rights(NOW);
  private final MongoPatientMerges plain =
      new MongoPatientMerges(
          fixture.operations, fixture.protection, new RecordsConfig(new MapConfig()));
  private final MongoPatientMerges merges =
      fixture.intercepted(plain.withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
  private Patient survivor;
  private Patient merged;
  private ClinicalEntry ofSurvivor;
  private ClinicalEntry ofMerged;

  @BeforeEach
  void twoRegistrationsOfOnePerson() {
    fixture.registerTenant("tenant-a", "Clinic A");
    physician();
    survivor = directory.create(People.synthetic());
    merged = directory.create(People.synthetic());
    ofSurvivor = clinical.create(survivor.id(), condition("E11.9"));
    ofMerged = clinical.create(merged.id(), condition("I10"));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private void physician() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
  }

  private static ClinicalData condition(String code) {
    return new ClinicalData(
        EntryType.CONDITION,
        List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", code, "Condition " + code)),
        LocalDate.of(2026, 3, 1),
        "active",
        null,
        "note " + code);
  }

  private static ErrorCode code(Throwable t) {
    return ((RecordsException) t).errorCode();
  }

  private List<String> entriesOf(Patient p) {
    return clinical.listByPatient(p.id(), ALL).items().stream().map(e -> e.id().value()).toList();
  }

  @Test
  void theMergedRecordAnswersWithItsSurvivorWhoseListsIncludeItAndAnUndoRestoresBoth() {
    fixture.actAs(StoreFixture.patient("tenant-a", merged.id()));
    rights.requestAmendment(merged.id(), ofMerged.id(), "Synthetic: wrong code.");
    physician();

    PatientMerge merge = merges.merge(survivor.id(), 1, merged.id(), 1);
    assertThat(merge.undoUntil()).isEqualTo(NOW.plus(Duration.ofDays(30)));

    assertThatThrownBy(() -> directory.get(merged.id()))
        .isInstanceOfSatisfying(
            MergedRecordException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.MERGED);
              assertThat(e.survivor()).isEqualTo(survivor.id().value());
            });
    // Its MRN answers like its id (ADR 42).
    assertThatThrownBy(() -> directory.findByMrn(merged.data().mrn()))
        .isInstanceOf(MergedRecordException.class);
    assertThat(entriesOf(survivor))
        .containsExactlyInAnyOrder(ofSurvivor.id().value(), ofMerged.id().value());
    // The merged entry's amendment request comes with it.
    assertThat(clinical.listByPatient(survivor.id(), ALL).items())
        .filteredOn(e -> e.id().equals(ofMerged.id()))
        .singleElement()
        .satisfies(e -> assertThat(e.amendments()).hasSize(1));
    assertThat(fixture.collections.auditIntents().countDocuments()).isZero();

    PatientMerge undone = merges.undo(survivor.id(), merge.id());
    assertThat(undone.merged()).isEqualTo(merged.id());
    assertThat(directory.get(merged.id()).version()).isEqualTo(3);
    assertThat(entriesOf(survivor)).containsExactly(ofSurvivor.id().value());
    assertThat(entriesOf(merged)).containsExactly(ofMerged.id().value());
    assertThatThrownBy(() -> merges.undo(survivor.id(), merge.id()))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.MERGE_NOT_FOUND));

    List<Document> events = new ArrayList<>();
    fixture.collections.auditLog().find().into(events);
    assertThat(events)
        .filteredOn(e -> String.valueOf(e.getString("operation")).startsWith("PatientMerges."))
        .extracting(
            e ->
                e.getString("operation")
                    + ":"
                    + e.getString("action")
                    + ":"
                    + e.getString("outcome")
                    + ":"
                    + e.getString("resourceId"))
        .containsExactly(
            "PatientMerges.merge:UPDATE:INTENDED:" + merged.id(),
            "PatientMerges.merge:UPDATE:SUCCESS:" + merged.id(),
            "PatientMerges.merge:UPDATE:SUCCESS:" + survivor.id(),
            "PatientMerges.undo:UPDATE:INTENDED:" + merged.id(),
            "PatientMerges.undo:UPDATE:SUCCESS:" + merged.id(),
            "PatientMerges.undo:UPDATE:SUCCESS:" + survivor.id(),
            "PatientMerges.undo:UPDATE:NOT_FOUND:" + merge.id());
  }

  @Test
  void doubleMergesChainsSelfMergesAndStaleVersionsAreRefused() {
    assertThatThrownBy(() -> merges.merge(survivor.id(), 1, survivor.id(), 1))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.MERGE_REFUSED));
    assertThatThrownBy(() -> merges.merge(survivor.id(), 2, merged.id(), 1))
        .isInstanceOf(VersionConflictException.class);
    assertThatThrownBy(() -> merges.merge(survivor.id(), 1, merged.id(), 2))
        .isInstanceOf(VersionConflictException.class);
    merges.merge(survivor.id(), 1, merged.id(), 1);

    Patient third = directory.create(People.synthetic());
    // The merged one again, into another; anything into the merged one; the survivor, which has
    // absorbed one, into another.
    assertThatThrownBy(() -> merges.merge(third.id(), 1, merged.id(), 2))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.MERGE_REFUSED));
    assertThatThrownBy(() -> merges.merge(merged.id(), 2, third.id(), 1))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.MERGE_REFUSED));
    assertThatThrownBy(() -> merges.merge(third.id(), 1, survivor.id(), 1))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.MERGE_REFUSED));
    assertThat(directory.get(third.id()).version()).isEqualTo(1);
  }

  @Test
  void aSurvivorIsNotMarkedEnteredInErrorWhileAMergedRegistrationsEntryIsInForce() {
    merges.merge(survivor.id(), 1, merged.id(), 1);
    clinical.enterInError(ofSurvivor.id(), 1);
    assertThatThrownBy(() -> directory.enterInError(survivor.id(), 1))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.PATIENT_HAS_ENTRIES));
    clinical.enterInError(ofMerged.id(), 1);
    assertThat(directory.enterInError(survivor.id(), 1)).isEqualTo(2);
  }

  @Test
  void anUndoAfterItsPeriodIsRefused() {
    PatientMerge merge = merges.merge(survivor.id(), 1, merged.id(), 1);
    MongoPatientMerges later =
        fixture.intercepted(
            plain.withClock(Clock.fixed(NOW.plus(Duration.ofDays(31)), ZoneOffset.UTC)));
    assertThatThrownBy(() -> later.undo(survivor.id(), merge.id()))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.UNDO_EXPIRED));
    assertThat(entriesOf(survivor)).hasSize(2);
  }

  @Test
  void billingPatientsAndAnotherTenantCannotMerge() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.BILLING));
    assertThatThrownBy(() -> merges.merge(survivor.id(), 1, merged.id(), 1))
        .isInstanceOf(AccessDeniedException.class);
    fixture.actAs(StoreFixture.patient("tenant-a", survivor.id()));
    assertThatThrownBy(() -> merges.merge(survivor.id(), 1, merged.id(), 1))
        .isInstanceOf(AccessDeniedException.class);
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PHYSICIAN));
    Patient ofB = directory.create(People.synthetic());
    assertThatThrownBy(() -> merges.merge(ofB.id(), 1, merged.id(), 1))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> merges.merge(survivor.id(), 1, ofB.id(), 1))
        .isInstanceOf(NotFoundException.class);
    physician();
    assertThat(directory.get(merged.id()).version()).isEqualTo(1);
    assertThat(entriesOf(survivor)).containsExactly(ofSurvivor.id().value());
  }
}
