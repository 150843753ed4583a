package org.phirecords.internal.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.MergedRecordException;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.access.MongoPatientRights;
import org.phirecords.internal.billing.MongoBillingRecords;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.link.MongoPatientLinks;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.AccessRecord;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.CodedEntry;
import org.phirecords.model.EntryType;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientId;
import org.phirecords.model.PatientMerge;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;

/**
 * The gaps of ADR 36 closed by ADR 42, through the interceptor: patient users of a merged
 * registration reach the survivor's record, billing sees the merged entries, a merged MRN names the
 * survivor, and an entry recorded while its registration is marked entered-in-error stays hidden.
 */
class MergedRegistrationsTest {
  private static final PageRequest ALL = PageRequest.first(PageRequest.MAX_LIMIT);
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory =
      fixture.intercepted(new MongoPatientDirectory(fixture.operations, fixture.protection));
  private final MongoClinicalRecords clinical =
      fixture.intercepted(new MongoClinicalRecords(fixture.operations, fixture.freeText));
  private final MongoBillingRecords billing =
      fixture.intercepted(
          new MongoBillingRecords(fixture.operations, fixture.protection, fixture.freeText));
  private final MongoPatientRights rights =
      fixture.rights(directory, clinical, Clock.fixed(NOW, ZoneOffset.UTC));
  private final MongoPatientLinks links =
      fixture.intercepted(
          new MongoPatientLinks(fixture.operations, new RecordsConfig(new MapConfig())));
  private final MongoPatientMerges merges =
      fixture.intercepted(
          new MongoPatientMerges(
                  fixture.operations, fixture.protection, new RecordsConfig(new MapConfig()))
              .withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
  private Patient survivor;
  private Patient merged;
  private Patient stranger;
  private ClinicalEntry ofSurvivor;
  private ClinicalEntry ofMerged;

  @BeforeEach
  void twoRegistrationsOfOnePersonAndAStranger() {
    for (String tenant : List.of("tenant-a", "tenant-b")) {
      fixture
          .collections
          .tenantRegistry()
          .insertOne(
              new Document("_id", tenant)
                  .append("displayName", "Clinic " + tenant)
                  .append("status", "ACTIVE")
                  .append("createdAt", new Date()));
    }
    physician();
    survivor = directory.create(People.synthetic());
    merged = directory.create(People.synthetic());
    stranger = directory.create(People.synthetic());
    ofSurvivor = clinical.create(survivor.id(), condition("E11.9"));
    ofMerged = clinical.create(merged.id(), condition("I10"));
    clinical.create(stranger.id(), condition("J45"));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private void physician() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
  }

  /** The patient user {@code subject} of tenant-a, linked to {@code record}. */
  private void patientUser(String subject, PatientId record) {
    fixture.actAs(
        new Caller(
            subject,
            Optional.of(new TenantId("tenant-a")),
            Set.of(Role.PATIENT),
            Optional.of(record),
            PurposeOfUse.PATIENT_REQUEST,
            "127.0.0.1"));
  }

  /** The same user again, without touching the link the store holds. */
  private void samePatientUser(String subject) {
    fixture.actAsUnlinked(
        new Caller(
            subject,
            Optional.of(new TenantId("tenant-a")),
            Set.of(Role.PATIENT),
            Optional.empty(),
            PurposeOfUse.PATIENT_REQUEST,
            "127.0.0.1"));
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

  private List<String> entriesOf(PatientId p) {
    return clinical.listByPatient(p, ALL).items().stream().map(e -> e.id().value()).toList();
  }

  @Test
  void aPatientUserOfTheMergedRegistrationReachesTheSurvivorsWholeRecordUntilTheUndo() {
    patientUser("user-of-merged", merged.id());
    rights.requestAmendment(merged.id(), ofMerged.id(), "Synthetic: wrong code.");
    fixture.actAs(StoreFixture.staff("tenant-a", Role.BILLING));
    billing.summary(merged.id()); // an access of the merged registration's history only
    physician();
    PatientMerge merge = merges.merge(survivor.id(), 1, merged.id(), 1);

    samePatientUser("user-of-merged");
    assertThat(links.ownLink()).contains(survivor.id());
    assertThat(directory.get(survivor.id()).data()).isEqualTo(survivor.data());
    assertThat(entriesOf(survivor.id()))
        .containsExactlyInAnyOrder(ofSurvivor.id().value(), ofMerged.id().value());
    assertThat(clinical.get(ofMerged.id()).id()).isEqualTo(ofMerged.id());
    assertThat(rights.amendments(survivor.id(), ALL).items())
        .singleElement()
        .satisfies(a -> assertThat(a.recordId()).isEqualTo(ofMerged.id()));
    assertThat(rights.accessHistory(survivor.id(), ALL).items())
        .extracting(AccessRecord::role)
        .contains(Role.BILLING.groupName());
    String copy = rights.electronicCopy(survivor.id());
    assertThat(copy).contains("E11.9", "I10");
    // Amendments of either registration's entries; each filed under its own registration.
    assertThat(rights.requestAmendment(survivor.id(), ofSurvivor.id(), "Synthetic.").patientId())
        .isEqualTo(survivor.id());
    assertThat(rights.requestAmendment(survivor.id(), ofMerged.id(), "Synthetic.").patientId())
        .isEqualTo(merged.id());
    // The merged id answers as it does to staff; anyone else's record stays out of reach.
    assertThatThrownBy(() -> directory.get(merged.id()))
        .isInstanceOfSatisfying(
            MergedRecordException.class,
            e -> assertThat(e.survivor()).isEqualTo(survivor.id().value()));
    assertThatThrownBy(() -> directory.get(stranger.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> clinical.listByPatient(stranger.id(), ALL))
        .isInstanceOf(NotFoundException.class);

    // The survivor's own patient user sees the merged registration's data too.
    patientUser("user-of-survivor", survivor.id());
    assertThat(entriesOf(survivor.id())).hasSize(2);
    assertThat(rights.amendments(survivor.id(), ALL).items()).hasSize(3);

    physician();
    merges.undo(survivor.id(), merge.id());
    samePatientUser("user-of-merged");
    assertThat(links.ownLink()).contains(merged.id());
    assertThat(entriesOf(merged.id())).containsExactly(ofMerged.id().value());
    assertThat(rights.amendments(merged.id(), ALL).items()).hasSize(2);
    assertThatThrownBy(() -> directory.get(survivor.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> clinical.get(ofSurvivor.id())).isInstanceOf(NotFoundException.class);
    samePatientUser("user-of-survivor");
    assertThat(entriesOf(survivor.id())).containsExactly(ofSurvivor.id().value());
    assertThatThrownBy(() -> clinical.get(ofMerged.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aPatientUserOfAnotherTenantReachesNothingOfTheMerge() {
    merges.merge(survivor.id(), 1, merged.id(), 1);
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PHYSICIAN));
    Patient ofB = directory.create(People.synthetic());
    fixture.actAs(StoreFixture.patient("tenant-b", ofB.id()));
    assertThatThrownBy(() -> clinical.listByPatient(survivor.id(), ALL))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> clinical.get(ofMerged.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> directory.get(merged.id())).isInstanceOf(NotFoundException.class);
    assertThat(clinical.listByPatient(ofB.id(), ALL).items()).isEmpty();
  }

  @Test
  void billingOfTheSurvivorIncludesTheMergedRegistrationsCodedEntries() {
    merges.merge(survivor.id(), 1, merged.id(), 1);
    fixture.actAs(StoreFixture.staff("tenant-a", Role.BILLING));
    assertThat(billing.summary(survivor.id()).codedEntries())
        .extracting(CodedEntry::id)
        .containsExactlyInAnyOrder(ofSurvivor.id(), ofMerged.id());
    fixture.actAs(StoreFixture.staff("tenant-b", Role.BILLING));
    assertThatThrownBy(() -> billing.summary(survivor.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aMergedRegistrationsMrnNamesItsSurvivorAndAnotherTenantFindsNothing() {
    merges.merge(survivor.id(), 1, merged.id(), 1);
    assertThatThrownBy(() -> directory.findByMrn(merged.data().mrn()))
        .isInstanceOfSatisfying(
            MergedRecordException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.MERGED);
              assertThat(e.survivor()).isEqualTo(survivor.id().value());
            });
    assertThat(directory.findByMrn(survivor.data().mrn()).id()).isEqualTo(survivor.id());
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PHYSICIAN));
    assertThatThrownBy(() -> directory.findByMrn(merged.data().mrn()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void anEntryRecordedBetweenTheCheckAndTheMarkOfItsRegistrationIsNotReadable() throws Exception {
    Patient bare = directory.create(People.synthetic());
    CompletableFuture<ClinicalEntry> late = new CompletableFuture<>();
    // Just before the mark is written (its check for entries in force has passed), another
    // physician's request records an entry for the registration.
    fixture.commands.beforeNext(
        "findAndModify",
        "patients",
        () ->
            late.complete(
                CompletableFuture.supplyAsync(() -> clinical.create(bare.id(), condition("R51")))
                    .join()));
    assertThat(directory.enterInError(bare.id(), 1)).isEqualTo(2);
    ClinicalEntry entry = late.get();

    assertThatThrownBy(() -> clinical.get(entry.id()))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.ENTERED_IN_ERROR));
    assertThatThrownBy(() -> clinical.history(entry.id(), ALL))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.ENTERED_IN_ERROR));
    assertThatThrownBy(() -> clinical.update(entry.id(), 1, condition("R52")))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.ENTERED_IN_ERROR));
    assertThatThrownBy(() -> clinical.listByPatient(bare.id(), ALL))
        .isInstanceOf(NotFoundException.class);
    // Kept for audit and retention, not removed.
    assertThat(
            fixture
                .collections
                .forMaintenance(
                    org.phirecords.internal.store.StoredCollection.CLINICAL_ENTRIES,
                    new TenantId("tenant-a"))
                .exists(new Document("recordId", entry.id().value())))
        .isTrue();
    // Entries of registrations in force are unaffected.
    assertThat(clinical.get(ofSurvivor.id()).id()).isEqualTo(ofSurvivor.id());
  }
}
