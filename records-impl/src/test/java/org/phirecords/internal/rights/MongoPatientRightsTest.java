package org.phirecords.internal.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.audit.AuditAction;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.identity.MongoPatientDirectory;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.AccessRecord;
import org.phirecords.model.Amendment;
import org.phirecords.model.AmendmentStatus;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientId;
import org.phirecords.model.Quantity;
import org.phirecords.security.Role;

class MongoPatientRightsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory =
      new MongoPatientDirectory(
          fixture.callers, fixture.collections, fixture.audit, fixture.protection);
  private final MongoClinicalRecords clinical =
      new MongoClinicalRecords(fixture.callers, fixture.collections, fixture.audit);
  private final MongoPatientRights rights =
      new MongoPatientRights(
              fixture.callers,
              fixture.collections,
              fixture.audit,
              directory,
              clinical,
              new RecordsConfig(new MapConfig()))
          .withClock(Clock.fixed(NOW, ZoneOffset.UTC));
  private Patient patient;
  private Patient other;
  private ClinicalEntry condition;

  @BeforeEach
  void record() {
    fixture
        .collections
        .tenantRegistry()
        .insertOne(
            new Document("_id", "tenant-a")
                .append("displayName", "Clinic A")
                .append("status", "ACTIVE")
                .append("createdAt", new Date()));
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
    assertThat(rights.amendments(patient.id()))
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
    assertThat(clinical.get(condition.id()).data().codes().get(0).code()).isEqualTo("E10.9");
  }

  @Test
  void patientsReachOnlyTheirOwnRecord() {
    asPatient(other);
    assertThatThrownBy(() -> rights.requestAmendment(patient.id(), condition.id(), "mine?"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> rights.requestAmendment(other.id(), condition.id(), "mine?"))
        .as("another patient's entry")
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> rights.accessHistory(patient.id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> rights.electronicCopy(patient.id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(rights.amendments(other.id())).isEmpty();
  }

  @Test
  void aRecordOutsideTheTenantIsNotFoundLikeAMissingOne() {
    PatientId missing = PatientId.random();
    assertThatThrownBy(() -> rights.amendments(missing)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> rights.accessHistory(missing)).isInstanceOf(NotFoundException.class);
    fixture
        .collections
        .tenantRegistry()
        .insertOne(
            new Document("_id", "tenant-b")
                .append("displayName", "Clinic B")
                .append("status", "ACTIVE")
                .append("createdAt", new Date()));
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PHYSICIAN));
    assertThatThrownBy(() -> rights.amendments(patient.id())).isInstanceOf(NotFoundException.class);
    fixture.actAs(StoreFixture.patient("tenant-b", patient.id()));
    assertThatThrownBy(() -> rights.accessHistory(patient.id()))
        .as("a patient token of tenant B naming tenant A's record")
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void theAccessHistoryShowsOthersAccessesWithRoleAndOrganisationButNoNames() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    clinical.listByPatient(patient.id());
    asPatient(patient);
    directory.get(patient.id()); // the patient's own view is not listed
    List<AccessRecord> history = rights.accessHistory(patient.id());
    assertThat(history).isNotEmpty();
    assertThat(history).allSatisfy(a -> assertThat(a.role()).isEqualTo("physician"));
    assertThat(history).allSatisfy(a -> assertThat(a.organisation()).isEqualTo("Clinic A"));
    assertThat(history).allSatisfy(a -> assertThat(a.actor()).isNull());
    assertThat(history)
        .extracting(AccessRecord::action)
        .contains(AuditAction.READ, AuditAction.CREATE);
    assertThat(rights.accessHistory(patient.id()))
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
