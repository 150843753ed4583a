package org.phirecords.internal.careteam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.billing.MongoBillingRecords;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.integrity.MongoRecordIntegrity;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.tenant.MongoTenantSettings;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;
import org.phirecords.service.CareTeams;

/**
 * Care teams (ADR 30): off, they change nothing; on, a physician reaches only the patients whose
 * team lists them, through every service, while billing and privacy officers are not narrowed.
 */
class CareTeamsTest {
  private static final String T = "tenant-care";
  private static final Caller DR_A = StoreFixture.staffNamed("dr-a", T, Role.PHYSICIAN);
  private static final Caller DR_B = StoreFixture.staffNamed("dr-b", T, Role.PHYSICIAN);
  private static final Caller ADMIN = StoreFixture.staff(T, Role.TENANT_ADMIN);

  private final StoreFixture fixture = new StoreFixture();
  private final CareTeams teams = fixture.intercepted(new MongoCareTeams(fixture.operations));
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords clinical = fixture.clinical();
  private final MongoBillingRecords billing =
      fixture.intercepted(
          new MongoBillingRecords(fixture.operations, fixture.protection, fixture.freeText));
  private final MongoRecordIntegrity integrity =
      fixture.intercepted(
          new MongoRecordIntegrity(fixture.operations, fixture.collections, fixture.audit));
  private final MongoTenantSettings settings = fixture.tenantSettings();

  private Patient earlier;
  private ClinicalEntry earlierEntry;

  @BeforeEach
  void tenantWithAPatientRegisteredWhileTeamsWereOff() {
    fixture.registerTenant(T, "Clinic C");
    fixture.actAs(DR_A);
    earlier = directory.create(People.synthetic());
    earlierEntry = clinical.create(earlier.id(), condition());
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private void careTeams(boolean on) {
    fixture.actAs(ADMIN);
    assertThat(settings.updateCareTeams(on)).isEqualTo(on);
    assertThat(settings.careTeams()).isEqualTo(on);
  }

  @Test
  void whileOffTeamsAreKeptButNarrowNothing() {
    fixture.actAs(DR_A);
    assertThat(teams.members(earlier.id())).isEmpty();
    assertThat(teams.add(earlier.id(), "dr-b").addedBy()).isEqualTo("dr-a");
    assertThat(teams.add(earlier.id(), "dr-b").id())
        .as("adding again answers the same place")
        .isEqualTo(teams.members(earlier.id()).get(0).id());
    fixture.actAs(StoreFixture.staffNamed("dr-c", T, Role.PHYSICIAN));
    assertThat(directory.get(earlier.id()).id()).isEqualTo(earlier.id());
    assertThat(clinical.get(earlierEntry.id()).id()).isEqualTo(earlierEntry.id());
  }

  @Test
  void whenOnAPhysicianReachesOnlyTheirTeamsPatientsThroughEveryService() {
    careTeams(true);
    fixture.actAs(DR_B);
    Patient own = directory.create(People.synthetic());
    assertThat(teams.members(own.id()))
        .as("whoever registers a patient is put on its team")
        .extracting(m -> m.subject())
        .containsExactly("dr-b");
    clinical.create(own.id(), condition());
    assertThat(directory.get(own.id()).id()).isEqualTo(own.id());

    assertThatThrownBy(() -> directory.get(earlier.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> directory.findByMrn(earlier.data().mrn()))
        .isInstanceOf(NotFoundException.class);
    assertThat(
            directory
                .findByNameAndBirthDate(
                    earlier.data().familyName(), earlier.data().birthDate(), PageRequest.first(5))
                .items())
        .isEmpty();
    assertThatThrownBy(() -> clinical.get(earlierEntry.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> clinical.listByPatient(earlier.id(), PageRequest.first(5)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> teams.add(earlier.id(), "dr-b"))
        .as("nobody puts themselves on a team they cannot reach")
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> teams.members(earlier.id())).isInstanceOf(NotFoundException.class);

    fixture.actAs(StoreFixture.staff(T, Role.BILLING));
    assertThat(billing.summary(earlier.id())).as("billing is not narrowed").isNotNull();
    fixture.actAs(DR_A);
    assertThatThrownBy(() -> directory.get(own.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aPlaceGivesAccessWhenAddedAndTakesItWhenEnded() {
    fixture.actAs(DR_A);
    teams.add(earlier.id(), "dr-a");
    careTeams(true);
    fixture.actAs(DR_A);
    var placeOfB = teams.add(earlier.id(), "dr-b");
    fixture.actAs(DR_B);
    assertThat(clinical.get(earlierEntry.id()).id()).isEqualTo(earlierEntry.id());
    fixture.actAs(DR_A);
    assertThat(teams.end(earlier.id(), placeOfB.id()).end()).isPresent();
    assertThat(teams.end(earlier.id(), placeOfB.id()).end())
        .as("ending again answers the ended place")
        .isPresent();
    assertThat(teams.members(earlier.id())).extracting(m -> m.subject()).containsExactly("dr-a");
    fixture.actAs(DR_B);
    assertThatThrownBy(() -> clinical.get(earlierEntry.id())).isInstanceOf(NotFoundException.class);
    fixture.actAs(StoreFixture.staff(T, Role.PRIVACY_OFFICER));
    assertThat(integrity.check(100).findings())
        .as("the team is not part of the record's digest")
        .isEmpty();
  }

  @Test
  void badSubjectsFullTeamsAndOtherRolesAreRefused() {
    fixture.actAs(DR_A);
    assertThatThrownBy(() -> teams.add(earlier.id(), "has space"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> teams.add(earlier.id(), "x".repeat(256)))
        .isInstanceOf(InvalidInputException.class);
    for (int i = 0; i < CareTeams.MAX_MEMBERS; i++) {
      teams.add(earlier.id(), "dr-" + i);
    }
    assertThatThrownBy(() -> teams.add(earlier.id(), "dr-one-too-many"))
        .isInstanceOfSatisfying(
            RecordsException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CARE_TEAM_FULL));
    fixture.actAs(StoreFixture.staff(T, Role.BILLING));
    assertThatThrownBy(() -> teams.members(earlier.id())).isInstanceOf(AccessDeniedException.class);
    fixture.actAs(StoreFixture.patient(T, earlier.id()));
    assertThat(teams.members(earlier.id())).as("a patient reads their own team").hasSize(50);
    assertThatThrownBy(() -> teams.add(earlier.id(), "dr-self-chosen"))
        .isInstanceOf(AccessDeniedException.class);
    fixture.actAs(StoreFixture.staff(T, Role.TENANT_ADMIN));
    assertThatThrownBy(() -> teams.add(earlier.id(), "dr-z"))
        .isInstanceOf(AccessDeniedException.class);
  }

  private static ClinicalData condition() {
    return new ClinicalData(
        EntryType.CONDITION,
        List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", "Condition E11.9")),
        LocalDate.of(2026, 3, 1),
        "active",
        null,
        "Seen today.");
  }
}
