package org.phirecords.internal.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.VersionConflictException;
import org.phirecords.internal.billing.MongoBillingRecords;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.BillingSummary;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.Quantity;
import org.phirecords.security.Role;

class MongoClinicalRecordsTest {
  private static final PageRequest ALL = PageRequest.first(PageRequest.MAX_LIMIT);

  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords records = fixture.clinical();
  private final MongoBillingRecords billing =
      fixture.intercepted(
          new MongoBillingRecords(fixture.operations, fixture.protection, fixture.freeText));
  private PatientData person;
  private Patient patient;

  @BeforeEach
  void patient() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    person = People.synthetic();
    patient = directory.create(person);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private static ClinicalData condition(String code, String text) {
    return new ClinicalData(
        EntryType.CONDITION,
        List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", code, "Condition " + code)),
        LocalDate.of(2026, 3, 1),
        "active",
        null,
        text);
  }

  @Test
  void updatesAddVersionsAndKeepHistory() {
    ClinicalEntry created = records.create(patient.id(), condition("E11.9", "first note"));
    ClinicalEntry v2 = records.update(created.id(), 1, condition("E11.65", "second note"));
    assertThat(v2.version()).isEqualTo(2);
    assertThat(records.get(created.id()).data().codes().get(0).code()).isEqualTo("E11.65");
    assertThat(records.history(created.id(), ALL).items())
        .extracting(ClinicalEntry::version)
        .containsExactly(1L, 2L);
    assertThat(records.listByPatient(patient.id(), ALL).items())
        .singleElement()
        .extracting(ClinicalEntry::version)
        .isEqualTo(2L);
    assertThatThrownBy(() -> records.update(created.id(), 1, condition("X", null)))
        .isInstanceOf(VersionConflictException.class);
  }

  @Test
  void concurrentUpdatesOfOneVersionLetExactlyOneWin() throws Exception {
    ClinicalEntry created = records.create(patient.id(), condition("E11.9", null));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Callable<Boolean> attempt =
          () -> {
            try {
              records.update(created.id(), 1, condition("I10", null));
              return true;
            } catch (VersionConflictException lost) {
              return false;
            }
          };
      List<Future<Boolean>> results = pool.invokeAll(java.util.Collections.nCopies(8, attempt));
      long winners = 0;
      for (Future<Boolean> r : results) {
        winners += r.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
      assertThat(records.history(created.id(), ALL).items()).hasSize(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void entriesOfAnotherTenantOrPatientAreNotFound() {
    ClinicalEntry created = records.create(patient.id(), condition("E11.9", "note"));
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PHYSICIAN));
    assertThatThrownBy(() -> records.get(created.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> records.history(created.id(), ALL).items())
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> records.listByPatient(patient.id(), ALL).items())
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> records.create(patient.id(), condition("X", null)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> records.update(created.id(), 1, condition("X", null)))
        .isInstanceOf(NotFoundException.class);

    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Patient other = directory.create(People.synthetic());
    fixture.actAs(StoreFixture.patient("tenant-a", other.id()));
    assertThatThrownBy(() -> records.get(created.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> records.listByPatient(patient.id(), ALL).items())
        .isInstanceOf(NotFoundException.class);
    assertThat(records.listByPatient(other.id(), ALL).items()).isEmpty();
  }

  @Test
  void billingSummaryHoldsCodesAndClaimDemographicsOnly() {
    records.create(patient.id(), condition("E11.9", "CANARY-NOTE diabetic, discussed diet"));
    records.create(
        patient.id(),
        new ClinicalData(
            EntryType.OBSERVATION,
            List.of(new Code("http://loinc.org", "4548-4", "HbA1c")),
            LocalDate.of(2026, 3, 2),
            "final",
            new Quantity(new BigDecimal("7.1"), "%"),
            null));
    records.create(
        patient.id(),
        new ClinicalData(
            EntryType.NOTE, List.of(), LocalDate.of(2026, 3, 3), "final", null, "CANARY-NOTE 2"));

    fixture.actAs(StoreFixture.staff("tenant-a", Role.BILLING));
    BillingSummary summary = billing.summary(patient.id());
    assertThat(summary.familyName()).isEqualTo(person.familyName());
    assertThat(summary.memberId()).isEqualTo(person.memberId());
    assertThat(summary.codedEntries())
        .singleElement()
        .satisfies(e -> assertThat(e.codes().get(0).code()).isEqualTo("E11.9"));

    // An entry re-typed to a note in its latest version leaves the billing view.
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    ClinicalEntry condition =
        records.listByPatient(patient.id(), ALL).items().stream()
            .filter(e -> e.data().type() == EntryType.CONDITION)
            .findFirst()
            .orElseThrow();
    records.update(
        condition.id(),
        1,
        new ClinicalData(
            EntryType.NOTE, List.of(), LocalDate.of(2026, 3, 1), "final", null, "CANARY-NOTE 3"));
    fixture.actAs(StoreFixture.staff("tenant-a", Role.BILLING));
    assertThat(billing.summary(patient.id()).codedEntries()).isEmpty();

    fixture.actAs(StoreFixture.staff("tenant-b", Role.BILLING));
    assertThatThrownBy(() -> billing.summary(patient.id())).isInstanceOf(NotFoundException.class);
  }
}
