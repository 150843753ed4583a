package org.phirecords.internal.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.error.VersionConflictException;
import org.phirecords.internal.access.MongoPatientRights;
import org.phirecords.internal.billing.MongoBillingRecords;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.model.Quantity;
import org.phirecords.security.Role;

/** Entries and registrations marked entered-in-error (ADR 36), through the real interceptor. */
class EnteredInErrorTest {
  private static final PageRequest ALL = PageRequest.first(PageRequest.MAX_LIMIT);
  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords clinical = fixture.clinical();
  private final MongoBillingRecords billing =
      fixture.intercepted(
          new MongoBillingRecords(fixture.operations, fixture.protection, fixture.freeText));
  private final MongoPatientRights rights =
      fixture.rights(directory, clinical, Clock.fixed(Instant.now(), ZoneOffset.UTC));
  private Patient patient;
  private ClinicalEntry condition;
  private ClinicalEntry observation;

  @BeforeEach
  void record() {
    fixture.registerTenant("tenant-a", "Clinic A");
    physician();
    patient = directory.create(People.synthetic());
    condition = clinical.create(patient.id(), coded(EntryType.CONDITION, "E11.9", null));
    observation =
        clinical.create(
            patient.id(),
            coded(
                EntryType.OBSERVATION,
                "4548-4",
                new Quantity(new java.math.BigDecimal("7.1"), "%")));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private void physician() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
  }

  private static ClinicalData coded(EntryType type, String code, Quantity value) {
    return new ClinicalData(
        type,
        List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", code, "Display " + code)),
        LocalDate.of(2026, 3, 1),
        "active",
        value,
        "note " + code);
  }

  private static ErrorCode code(Throwable t) {
    return ((RecordsException) t).errorCode();
  }

  private List<Document> auditEvents() {
    List<Document> events = new ArrayList<>();
    fixture.collections.auditLog().find().into(events);
    return events;
  }

  @Test
  void anEntryMarkedIsHiddenFromReadsListsAndBillingAndShownInItsHistory() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.BILLING));
    assertThat(billing.summary(patient.id()).codedEntries())
        .extracting(c -> c.id())
        .containsExactly(condition.id());
    physician();
    ClinicalEntry v2 =
        clinical.update(condition.id(), 1, coded(EntryType.CONDITION, "E11.65", null));
    ClinicalEntry mark = clinical.enterInError(condition.id(), v2.version());
    assertThat(mark.version()).isEqualTo(3);
    assertThat(mark.enteredInError()).isTrue();
    assertThat(mark.recordedBy()).isEqualTo(condition.recordedBy()).isNotBlank();

    assertThatThrownBy(() -> clinical.get(condition.id()))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.ENTERED_IN_ERROR));
    assertThat(clinical.listByPatient(patient.id(), ALL).items())
        .extracting(ClinicalEntry::id)
        .containsExactly(observation.id());
    fixture.actAs(StoreFixture.staff("tenant-a", Role.BILLING));
    assertThat(billing.summary(patient.id()).codedEntries()).isEmpty();
    physician();
    assertThat(clinical.history(condition.id(), ALL).items())
        .extracting(ClinicalEntry::version, ClinicalEntry::enteredInError)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, false),
            org.assertj.core.groups.Tuple.tuple(2L, false),
            org.assertj.core.groups.Tuple.tuple(3L, true));
    // No further version, and no second mark: the entry is gone for writers too.
    assertThatThrownBy(
            () -> clinical.update(condition.id(), 3, coded(EntryType.CONDITION, "E10", null)))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.ENTERED_IN_ERROR));
    assertThatThrownBy(() -> clinical.enterInError(condition.id(), 3))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.ENTERED_IN_ERROR));
  }

  @Test
  void aStaleVersionConflictsAndTheMarkIsAuditedAsADeleteThroughItsIntent() {
    clinical.update(condition.id(), 1, coded(EntryType.CONDITION, "E11.65", null));
    assertThatThrownBy(() -> clinical.enterInError(condition.id(), 1))
        .isInstanceOf(VersionConflictException.class);
    clinical.enterInError(condition.id(), 2);

    List<Document> deletes =
        auditEvents().stream().filter(e -> "DELETE".equals(e.getString("action"))).toList();
    assertThat(deletes)
        .extracting(e -> e.getString("operation") + ":" + e.getString("outcome"))
        .containsExactly(
            "ClinicalRecords.enterInError:CONFLICT",
            "ClinicalRecords.enterInError:INTENDED",
            "ClinicalRecords.enterInError:SUCCESS");
    assertThat(deletes.get(2).getString("intentId"))
        .isEqualTo(deletes.get(1).getString("intentId"));
    assertThat(deletes)
        .allSatisfy(e -> assertThat(e.getString("resourceType")).isEqualTo("CLINICAL_ENTRY"));
    assertThat(fixture.collections.auditIntents().countDocuments()).isZero();
  }

  @Test
  void theElectronicCopyCarriesMarkedEntriesWithFhirsStatus() {
    clinical.enterInError(condition.id(), 1);
    clinical.enterInError(observation.id(), 1);
    fixture.actAs(StoreFixture.patient("tenant-a", patient.id()));
    Bundle bundle =
        FhirContext.forR4Cached()
            .newJsonParser()
            .setParserErrorHandler(new StrictErrorHandler())
            .parseResource(Bundle.class, rights.electronicCopy(patient.id()));
    Condition c = resource(bundle, Condition.class);
    assertThat(c.getVerificationStatus().getCodingFirstRep().getCode())
        .isEqualTo("entered-in-error");
    assertThat(resource(bundle, Observation.class).getStatus())
        .isEqualTo(Observation.ObservationStatus.ENTEREDINERROR);
  }

  private static <T> T resource(Bundle bundle, Class<T> type) {
    return bundle.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aRegistrationIsMarkedOnlyWithoutEntriesInForceThenHiddenFromEveryRead() {
    assertThatThrownBy(() -> directory.enterInError(patient.id(), 1))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.PATIENT_HAS_ENTRIES));
    clinical.enterInError(condition.id(), 1);
    clinical.enterInError(observation.id(), 1);
    assertThatThrownBy(() -> directory.enterInError(patient.id(), 2))
        .isInstanceOf(VersionConflictException.class);

    assertThat(directory.enterInError(patient.id(), 1)).isEqualTo(2);

    assertThatThrownBy(() -> directory.get(patient.id()))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.ENTERED_IN_ERROR));
    assertThatThrownBy(() -> directory.findByMrn(patient.data().mrn()))
        .isInstanceOf(NotFoundException.class);
    assertThat(
            directory
                .findByNameAndBirthDate(
                    patient.data().familyName(), patient.data().birthDate(), ALL)
                .items())
        .isEmpty();
    assertThatThrownBy(() -> clinical.listByPatient(patient.id(), ALL))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> directory.update(patient.id(), 2, People.synthetic()))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.ENTERED_IN_ERROR));
    fixture.actAs(StoreFixture.staff("tenant-a", Role.BILLING));
    assertThatThrownBy(() -> billing.summary(patient.id())).isInstanceOf(NotFoundException.class);
    physician();
    // Its MRN stays taken: the registration is kept.
    assertThatThrownBy(() -> directory.create(patient.data()))
        .satisfies(t -> assertThat(code(t)).isEqualTo(ErrorCode.DUPLICATE));
    assertThat(auditEvents())
        .filteredOn(e -> "PatientDirectory.enterInError".equals(e.getString("operation")))
        .extracting(e -> e.getString("action") + ":" + e.getString("outcome"))
        .containsExactly(
            "DELETE:CONFLICT",
            "DELETE:INTENDED",
            "DELETE:CONFLICT",
            "DELETE:INTENDED",
            "DELETE:SUCCESS");
  }

  @Test
  void billingPatientsAndAnotherTenantCannotMarkAnything() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.BILLING));
    assertThatThrownBy(() -> clinical.enterInError(condition.id(), 1))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> directory.enterInError(patient.id(), 1))
        .isInstanceOf(AccessDeniedException.class);
    fixture.actAs(StoreFixture.patient("tenant-a", patient.id()));
    assertThatThrownBy(() -> clinical.enterInError(condition.id(), 1))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> directory.enterInError(patient.id(), 1))
        .isInstanceOf(AccessDeniedException.class);
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PHYSICIAN));
    assertThatThrownBy(() -> clinical.enterInError(condition.id(), 1))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> directory.enterInError(patient.id(), 1))
        .isInstanceOf(NotFoundException.class);

    physician();
    assertThat(clinical.get(condition.id()).version()).isEqualTo(1);
    assertThat(directory.get(patient.id()).version()).isEqualTo(1);
  }
}
