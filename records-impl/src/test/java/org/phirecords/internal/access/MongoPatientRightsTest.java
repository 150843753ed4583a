package org.phirecords.internal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DomainResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.audit.AuditAction;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.fhir.FhirSystems;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.AccessRecord;
import org.phirecords.model.Amendment;
import org.phirecords.model.AmendmentStatus;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryAmendment;
import org.phirecords.model.EntryType;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientId;
import org.phirecords.model.Quantity;
import org.phirecords.security.Role;

class MongoPatientRightsTest {
  private static final PageRequest ALL = PageRequest.first(PageRequest.MAX_LIMIT);

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords clinical = fixture.clinical();
  private final MongoPatientRights rights = fixture.rights(NOW);
  private Patient patient;
  private Patient other;
  private ClinicalEntry condition;

  @BeforeEach
  void record() {
    fixture.registerTenant("tenant-a", "Clinic A");
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    patient = directory.create(People.synthetic());
    other = directory.create(People.synthetic());
    condition =
        clinical.create(patient.id(), data(EntryType.CONDITION, "E11.9", "Type 2 diabetes"));
    clinical.create(
        patient.id(),
        new ClinicalData(
            EntryType.OBSERVATION,
            List.of(new Code("http://loinc.org", "4548-4", "HbA1c")),
            LocalDate.of(2026, 3, 2),
            "final",
            new Quantity(new java.math.BigDecimal("7.1"), "%"),
            null));
    clinical.create(patient.id(), data(EntryType.NOTE, null, "Discussed diet."));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private static ClinicalData data(EntryType type, String code, String text) {
    return new ClinicalData(
        type,
        code == null
            ? List.of()
            : List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", code, text)),
        LocalDate.of(2026, 3, 1),
        "active",
        null,
        text);
  }

  private void asPatient(Patient p) {
    fixture.actAs(StoreFixture.patient("tenant-a", p.id()));
  }

  @Test
  void aDeniedRequestCarriesTheReasonAndTheOneStatementOfDisagreement() {
    asPatient(patient);
    Amendment filed =
        rights.requestAmendment(patient.id(), condition.id(), "I never had diabetes.");
    assertThat(filed.status()).isEqualTo(AmendmentStatus.REQUESTED);
    assertThat(filed.dueBy()).isEqualTo(NOW.plus(Duration.ofDays(60)));

    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Amendment denied = rights.deny(filed.id(), "HbA1c of 7.1 % confirms the diagnosis.");
    assertThat(denied.status()).isEqualTo(AmendmentStatus.DENIED);
    assertThat(denied.decidedBy()).isNotNull();
    assertThatThrownBy(() -> rights.deny(filed.id(), "again"))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.AMENDMENT_STATE);

    asPatient(patient);
    assertThat(rights.disagree(filed.id(), "My own lab says otherwise.").disagreement())
        .isEqualTo("My own lab says otherwise.");
    assertThatThrownBy(() -> rights.disagree(filed.id(), "twice"))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.AMENDMENT_STATE);
    assertThat(rights.amendments(patient.id(), ALL).items())
        .singleElement()
        .extracting(Amendment::denialReason)
        .isEqualTo("HbA1c of 7.1 % confirms the diagnosis.");
  }

  @Test
  void anAcceptedRequestRecordsANewVersionLinkedToIt() {
    asPatient(patient);
    Amendment filed = rights.requestAmendment(patient.id(), condition.id(), "It is type 1.");
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Amendment extended = rights.extend(filed.id(), "Waiting for the specialist's letter.");
    assertThat(extended.dueBy()).isEqualTo(NOW.plus(Duration.ofDays(90)));
    assertThatThrownBy(() -> rights.extend(filed.id(), "again"))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.AMENDMENT_STATE);
    Amendment accepted =
        rights.accept(filed.id(), 1, data(EntryType.CONDITION, "E10.9", "Type 1 diabetes"));
    assertThat(accepted.status()).isEqualTo(AmendmentStatus.ACCEPTED);
    assertThat(accepted.amendedVersion()).isEqualTo(2L);
    ClinicalEntry amended = clinical.get(condition.id());
    assertThat(amended.data().codes().get(0).code()).isEqualTo("E10.9");
    assertThat(amended.acceptedAmendment()).as("the version is linked").isEqualTo(filed.id());
    assertThat(amended.amendments()).as("an accepted request is no dispute").isEmpty();

    Amendment again =
        rights.accept(filed.id(), 1, data(EntryType.CONDITION, "E10.9", "Type 1 diabetes"));
    assertThat(again).as("a retry after both writes").isEqualTo(accepted);
    assertThat(clinical.history(condition.id(), ALL).items()).hasSize(2);
    assertThatThrownBy(() -> rights.deny(filed.id(), "too late"))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.AMENDMENT_STATE);
  }

  @Test
  void anAcceptanceInterruptedBetweenItsTwoWritesIsCompletedByARetry() {
    asPatient(patient);
    Amendment filed = rights.requestAmendment(patient.id(), condition.id(), "It is type 1.");
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    ClinicalData correction = data(EntryType.CONDITION, "E10.9", "Type 1 diabetes");
    // The crash: the entry's next version is stored, the request is not closed.
    clinical.amend(condition.id(), 1, correction, filed.id());
    assertThat(rights.amendment(filed.id()).status()).isEqualTo(AmendmentStatus.REQUESTED);

    // The physician's client retries with the same If-Match: no 409, no third version.
    Amendment accepted = rights.accept(filed.id(), 1, correction);
    assertThat(accepted.status()).isEqualTo(AmendmentStatus.ACCEPTED);
    assertThat(accepted.amendedVersion()).isEqualTo(2L);
    assertThat(clinical.history(condition.id(), ALL).items())
        .extracting(ClinicalEntry::version, ClinicalEntry::acceptedAmendment)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, null),
            org.assertj.core.groups.Tuple.tuple(2L, filed.id()));
    assertThat(rights.amendment(filed.id()).status()).isEqualTo(AmendmentStatus.ACCEPTED);
  }

  @Test
  void aDenialAfterAnInterruptedAcceptanceCompletesTheAcceptanceInstead() {
    asPatient(patient);
    Amendment filed = rights.requestAmendment(patient.id(), condition.id(), "It is type 1.");
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    clinical.amend(
        condition.id(), 1, data(EntryType.CONDITION, "E10.9", "Type 1 diabetes"), filed.id());
    assertThatThrownBy(() -> rights.deny(filed.id(), "Changed my mind."))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.AMENDMENT_STATE);
    Amendment now = rights.amendment(filed.id());
    assertThat(now.status()).isEqualTo(AmendmentStatus.ACCEPTED);
    assertThat(now.amendedVersion()).isEqualTo(2L);
    assertThat(now.denialReason()).isNull();
  }

  @Test
  void openAndDeniedRequestsWithTheStatementStayAttachedToTheEntry() {
    asPatient(patient);
    Amendment filed = rights.requestAmendment(patient.id(), condition.id(), "Not diabetes.");
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    assertThat(clinical.get(condition.id()).amendments())
        .containsExactly(new EntryAmendment(filed.id(), AmendmentStatus.REQUESTED, false, null));
    rights.deny(filed.id(), "The lab confirms it.");
    asPatient(patient);
    rights.disagree(filed.id(), "My own lab says otherwise.");
    EntryAmendment attached =
        new EntryAmendment(filed.id(), AmendmentStatus.DENIED, true, "My own lab says otherwise.");

    for (var reader :
        List.of(
            StoreFixture.staff("tenant-a", Role.PHYSICIAN),
            StoreFixture.patient("tenant-a", patient.id()))) {
      fixture.actAs(reader);
      ClinicalEntry entry = clinical.get(condition.id());
      assertThat(entry.version()).as("a denial leaves the entry as it was").isEqualTo(1L);
      assertThat(entry.amendments()).containsExactly(attached);
      assertThat(clinical.history(condition.id(), ALL).items())
          .allSatisfy(v -> assertThat(v.amendments()).containsExactly(attached));
      assertThat(clinical.listByPatient(patient.id(), ALL).items())
          .allSatisfy(
              e ->
                  assertThat(e.amendments())
                      .isEqualTo(e.id().equals(condition.id()) ? List.of(attached) : List.of()));
    }

    // Billing reads no entry at all, so neither the request nor the statement (the redaction for
    // readers without AMENDMENT_READ is ClinicalDocumentsTest's).
    fixture.actAs(StoreFixture.staff("tenant-a", Role.BILLING));
    assertThatThrownBy(() -> clinical.get(condition.id()))
        .isInstanceOf(AccessDeniedException.class);

    // The electronic copy carries the request, its state and the statement on the resource.
    asPatient(patient);
    Bundle bundle =
        FhirContext.forR4Cached()
            .newJsonParser()
            .setParserErrorHandler(new StrictErrorHandler())
            .parseResource(Bundle.class, rights.electronicCopy(patient.id()));
    List<org.hl7.fhir.r4.model.Extension> marks =
        bundle.getEntry().stream()
            .map(e -> (DomainResource) e.getResource())
            .flatMap(r -> r.getExtensionsByUrl(FhirSystems.AMENDMENT_REQUEST_EXTENSION).stream())
            .toList();
    assertThat(marks).hasSize(1);
    org.hl7.fhir.r4.model.Extension mark = marks.get(0);
    assertThat(
            ((org.hl7.fhir.r4.model.Identifier) mark.getExtensionByUrl("request").getValue())
                .getValue())
        .isEqualTo(filed.id().value());
    assertThat(mark.getExtensionByUrl("status").getValue().primitiveValue()).isEqualTo("denied");
    assertThat(mark.getExtensionByUrl("disagreementFiled").getValue().primitiveValue())
        .isEqualTo("true");
    assertThat(mark.getExtensionByUrl("disagreement").getValue().primitiveValue())
        .isEqualTo("My own lab says otherwise.");
    Condition disputed =
        bundle.getEntry().stream()
            .map(Bundle.BundleEntryComponent::getResource)
            .filter(Condition.class::isInstance)
            .map(Condition.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(disputed.getExtensionsByUrl(FhirSystems.AMENDMENT_REQUEST_EXTENSION)).hasSize(1);
  }

  @Test
  void patientsReachOnlyTheirOwnRecord() {
    asPatient(other);
    assertThatThrownBy(() -> rights.requestAmendment(patient.id(), condition.id(), "mine?"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> rights.requestAmendment(other.id(), condition.id(), "mine?"))
        .as("another patient's entry")
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> rights.accessHistory(patient.id(), ALL).items())
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> rights.electronicCopy(patient.id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(rights.amendments(other.id(), ALL).items()).isEmpty();
  }

  @Test
  void aRecordOutsideTheTenantIsNotFoundLikeAMissingOne() {
    PatientId missing = PatientId.random();
    assertThatThrownBy(() -> rights.amendments(missing, ALL).items())
        .isInstanceOf(NotFoundException.class);
    fixture.actAs(StoreFixture.patient("tenant-a", missing));
    assertThatThrownBy(() -> rights.accessHistory(missing, ALL).items())
        .as("a patient linked to a record that does not exist")
        .isInstanceOf(NotFoundException.class);
    fixture.registerTenant("tenant-b", "Clinic B");
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PHYSICIAN));
    assertThatThrownBy(() -> rights.amendments(patient.id(), ALL).items())
        .isInstanceOf(NotFoundException.class);
    fixture.actAs(StoreFixture.patient("tenant-b", patient.id()));
    assertThatThrownBy(() -> rights.accessHistory(patient.id(), ALL).items())
        .as("a patient token of tenant B naming tenant A's record")
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void theAccessHistoryShowsOthersAccessesWithRoleAndOrganisationButNoNames() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    clinical.listByPatient(patient.id(), ALL).items();
    asPatient(patient);
    directory.get(patient.id()); // the patient's own view is not listed
    List<AccessRecord> history = rights.accessHistory(patient.id(), ALL).items();
    assertThat(history).isNotEmpty();
    assertThat(history).allSatisfy(a -> assertThat(a.role()).isEqualTo("physician"));
    assertThat(history).allSatisfy(a -> assertThat(a.organisation()).isEqualTo("Clinic A"));
    assertThat(history).allSatisfy(a -> assertThat(a.actor()).isNull());
    assertThat(history)
        .extracting(AccessRecord::action)
        .contains(AuditAction.READ, AuditAction.CREATE);
    assertThat(rights.accessHistory(patient.id(), ALL).items())
        .as("reading the history is not itself a disclosure to others")
        .hasSameSizeAs(history);
  }

  @Test
  void theElectronicCopyIsAValidFhirBundle() {
    asPatient(patient);
    String json = rights.electronicCopy(patient.id());
    FhirContext fhir = FhirContext.forR4Cached();
    Bundle bundle =
        fhir.newJsonParser()
            .setParserErrorHandler(new StrictErrorHandler())
            .parseResource(Bundle.class, json);
    assertThat(bundle.getEntry())
        .extracting(e -> e.getResource().fhirType())
        .containsExactlyInAnyOrder("Patient", "Condition", "Observation", "DocumentReference");
    org.hl7.fhir.r4.model.Patient p =
        (org.hl7.fhir.r4.model.Patient) bundle.getEntryFirstRep().getResource();
    assertThat(p.getNameFirstRep().getFamily()).isEqualTo(patient.data().familyName());
    assertThat(p.getBirthDateElement().getValueAsString())
        .isEqualTo(patient.data().birthDate().toString());
  }
}
