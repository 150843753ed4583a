package org.phirecords.internal.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.access.MongoPatientRights;
import org.phirecords.internal.billing.MongoBillingRecords;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.tenant.MongoTenantSettings;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.CodedEntry;
import org.phirecords.model.EntryType;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.model.RecordId;
import org.phirecords.model.SensitiveClearances;
import org.phirecords.model.Sensitivity;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;

/** Sensitive entries (ADR 26) through the real interceptor: who sees them where. */
class SensitiveEntriesTest {
  private static final PageRequest ALL = PageRequest.first(PageRequest.MAX_LIMIT);
  private static final String TENANT = "tenant-a";
  private static final Caller PHYSICIAN = StoreFixture.staff(TENANT, Role.PHYSICIAN);
  private static final Caller BILLING = StoreFixture.staff(TENANT, Role.BILLING);
  private static final Set<Sensitivity> EVERY = EnumSet.allOf(Sensitivity.class);

  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords records = fixture.clinical();
  private final MongoBillingRecords billing =
      fixture.intercepted(
          new MongoBillingRecords(fixture.operations, fixture.protection, fixture.freeText));
  private final MongoPatientRights rights =
      fixture.rights(
          directory, records, Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
  private final MongoTenantSettings settings = fixture.tenantSettings();

  private Patient patient;
  private final List<RecordId> plain = new ArrayList<>();
  private final List<RecordId> part2 = new ArrayList<>();

  /**
   * A patient with three plain conditions and two Part 2 ones, interleaved by date; then the
   * tenant's default clearances (physicians not cleared for Part 2, billing for nothing).
   */
  @BeforeEach
  void record() {
    fixture.registerTenant(TENANT, "Clinic A");
    clear(EVERY, Set.of());
    fixture.actAs(PHYSICIAN);
    patient = directory.create(People.synthetic());
    for (int day = 1; day <= 5; day++) {
      boolean sensitive = day % 2 == 0;
      ClinicalData data =
          condition(sensitive ? "F10.20" : "E11.9", day)
              .withSensitivity(sensitive ? Sensitivity.SUBSTANCE_USE_PART2 : null);
      (sensitive ? part2 : plain).add(records.create(patient.id(), data).id());
    }
    clear(
        SensitiveClearances.DEFAULT.cleared().get(Role.PHYSICIAN),
        SensitiveClearances.DEFAULT.cleared().getOrDefault(Role.BILLING, Set.of()));
    fixture.actAs(PHYSICIAN);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private void clear(Set<Sensitivity> physician, Set<Sensitivity> billingRole) {
    fixture.actAs(StoreFixture.staff(TENANT, Role.TENANT_ADMIN));
    settings.updateSensitiveClearances(
        new SensitiveClearances(Map.of(Role.PHYSICIAN, physician, Role.BILLING, billingRole)));
  }

  private static ClinicalData condition(String code, int day) {
    return new ClinicalData(
        EntryType.CONDITION,
        List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", code, "Condition " + code)),
        LocalDate.of(2026, 3, day),
        "active",
        null,
        "Synthetic note " + code);
  }

  private List<RecordId> everyPage(int limit) {
    List<RecordId> seen = new ArrayList<>();
    PageRequest request = PageRequest.first(limit);
    while (true) {
      Page<ClinicalEntry> page = records.listByPatient(patient.id(), request);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
      page.items().forEach(e -> seen.add(e.id()));
      if (!page.hasMore()) {
        return seen;
      }
      request = request.next(page);
    }
  }

  @Test
  void anUnclearedPhysicianFindsThemNeitherDirectlyNorInListsNorPages() {
    for (RecordId hidden : part2) {
      assertThatThrownBy(() -> records.get(hidden)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> records.history(hidden, ALL)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> records.update(hidden, 1, condition("F10.21", 9)))
          .isInstanceOf(NotFoundException.class);
    }
    assertThat(records.listByPatient(patient.id(), ALL).items())
        .extracting(ClinicalEntry::id)
        .containsExactlyInAnyOrderElementsOf(plain);
    // Pages of two: full pages of visible entries, each visible entry once, nothing hidden.
    assertThat(everyPage(2)).containsExactlyInAnyOrderElementsOf(plain);
    assertThat(everyPage(1)).containsExactlyInAnyOrderElementsOf(plain);
  }

  @Test
  void theFhirCopyOfAnUnclearedPhysicianLeavesThemOut() {
    String copy = rights.electronicCopy(patient.id());
    assertThat(copy).contains("E11.9").doesNotContain("F10.20");
  }

  @Test
  void thePatientSeesTheirOwnSensitiveEntries() {
    fixture.actAs(StoreFixture.patient(TENANT, patient.id()));
    assertThat(records.get(part2.get(0)).data().sensitivity())
        .isEqualTo(Sensitivity.SUBSTANCE_USE_PART2);
    assertThat(everyPage(2)).hasSize(5).containsAll(part2);
    assertThat(rights.electronicCopy(patient.id())).contains("F10.20", "E11.9");
  }

  @Test
  void aPhysicianSeesThemOnceTheTenantClearsTheCategory() {
    clear(EVERY, Set.of());
    fixture.actAs(PHYSICIAN);
    assertThat(records.get(part2.get(1)).data().sensitivity())
        .isEqualTo(Sensitivity.SUBSTANCE_USE_PART2);
    assertThat(records.history(part2.get(1), ALL).items()).hasSize(1);
    assertThat(everyPage(2)).hasSize(5).containsAll(part2);
  }

  @Test
  void aPhysicianCannotMarkAnEntryWithACategoryTheyAreNotClearedFor() {
    ClinicalData marked = condition("F10.20", 9).withSensitivity(Sensitivity.SUBSTANCE_USE_PART2);
    assertThatThrownBy(() -> records.create(patient.id(), marked))
        .isInstanceOf(RecordsException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.NOT_CLEARED);
    assertThatThrownBy(() -> records.update(plain.get(0), 1, marked))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.NOT_CLEARED);
    assertThat(records.get(plain.get(0)).version()).isEqualTo(1);
    assertThat(everyPage(10)).containsExactlyInAnyOrderElementsOf(plain);
  }

  @Test
  void billingNeverSeesTheirTextAndOnlyTheirCodesWhenCleared() {
    fixture.actAs(BILLING);
    assertThat(billing.summary(patient.id()).codedEntries())
        .extracting(CodedEntry::id)
        .containsExactlyInAnyOrderElementsOf(plain);

    clear(SensitiveClearances.DEFAULT.cleared().get(Role.PHYSICIAN), EVERY);
    fixture.actAs(BILLING);
    List<CodedEntry> coded = billing.summary(patient.id()).codedEntries();
    assertThat(coded).hasSize(5);
    for (CodedEntry c : coded) {
      String display = c.codes().get(0).display();
      if (part2.contains(c.id())) {
        assertThat(display).isNull();
        assertThat(c.codes().get(0).code()).isEqualTo("F10.20");
      } else {
        assertThat(display).isEqualTo("Condition E11.9");
      }
    }
  }

  @Test
  void onlyPhysiciansAndBillingCanBeCleared() {
    fixture.actAs(StoreFixture.staff(TENANT, Role.TENANT_ADMIN));
    assertThatThrownBy(
            () ->
                settings.updateSensitiveClearances(
                    new SensitiveClearances(Map.of(Role.PRIVACY_OFFICER, EVERY))))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.ROLE_NOT_CLEARABLE);
    assertThat(settings.sensitiveClearances().cleared().get(Role.PHYSICIAN))
        .doesNotContain(Sensitivity.SUBSTANCE_USE_PART2);
  }
}
