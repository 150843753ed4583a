package org.phirecords.internal.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.phirecords.internal.organisation.MongoOrganisationsTest.id;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.audit.AuditQuery;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.chain.AuditRetention;
import org.phirecords.internal.audit.export.MongoAuditReview;
import org.phirecords.internal.billing.MongoBillingRecords;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.tenant.MongoTenantSettings;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.GrantId;
import org.phirecords.model.OrganisationKind;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.SensitiveClearances;
import org.phirecords.model.Sensitivity;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;
import org.phirecords.service.Memberships;
import org.phirecords.service.Organisations;

/**
 * Roles granted at organisations reach the patients of those organisations and below, and nothing
 * else, through every service (ADR 27): an insurer with two clients and a group under the first.
 */
class OrganisationScopeTest {
  private static final String T = MongoOrganisationsTest.T;
  private static final Instant NOW = Instant.now();
  private final StoreFixture fixture = new StoreFixture();
  private final Organisations organisations =
      fixture.intercepted(new MongoOrganisations(fixture.operations));
  private final Memberships memberships =
      fixture.intercepted(new MongoMemberships(fixture.operations, fixture.freeText));
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords clinical = fixture.clinical();
  private final MongoBillingRecords billing =
      fixture.intercepted(
          new MongoBillingRecords(fixture.operations, fixture.protection, fixture.freeText));
  private final MongoAuditReview review =
      fixture.intercepted(
          new MongoAuditReview(
              fixture.operations,
              fixture.audit,
              new AuditRetention(
                  fixture.collections, fixture.audit, new RecordsConfig(new MapConfig()))));

  private final MongoTenantSettings settings = fixture.tenantSettings();

  private Patient ofA;
  private Patient ofB;
  private Patient ofGroupA1;
  private Patient ofNone;

  @AfterEach
  void close() {
    fixture.close();
  }

  @BeforeEach
  void insurerWithTwoClients() {
    fixture.actAs(StoreFixture.staff(T, Role.TENANT_ADMIN));
    organisations.create(id("client-a"), "Client A", OrganisationKind.CLIENT, Optional.empty());
    organisations.create(id("client-b"), "Client B", OrganisationKind.CLIENT, Optional.empty());
    organisations.create(
        id("group-a1"), "Group A1", OrganisationKind.EMPLOYER_GROUP, Optional.of(id("client-a")));
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    ofA = member("client-a");
    ofB = member("client-b");
    ofGroupA1 = member("group-a1");
    ofNone = directory.create(People.synthetic());
    for (Patient p : new Patient[] {ofA, ofB, ofGroupA1, ofNone}) {
      clinical.create(p.id(), condition());
    }
  }

  private Patient member(String organisation) {
    Patient p = directory.create(People.synthetic());
    memberships.add(
        p.id(),
        id(organisation),
        NOW.minus(30, ChronoUnit.DAYS),
        Optional.empty(),
        Optional.empty());
    return p;
  }

  @Test
  void aPhysicianGrantedAtAClientReachesItsPatientsAndThoseBelowItOnly() {
    grant("GROUP", "client-a-clinicians", Role.PHYSICIAN, "client-a");
    fixture.actAs(grantee("client-a-clinicians"));

    assertThat(directory.get(ofA.id()).id()).isEqualTo(ofA.id());
    assertThat(directory.get(ofGroupA1.id()).id()).isEqualTo(ofGroupA1.id());
    assertThat(clinical.listByPatient(ofGroupA1.id(), PageRequest.first(10)).items()).hasSize(1);
    for (Patient outside : new Patient[] {ofB, ofNone}) {
      assertThatThrownBy(() -> directory.get(outside.id())).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> directory.findByMrn(outside.data().mrn()))
          .isInstanceOf(NotFoundException.class);
      assertThat(
              directory
                  .findByNameAndBirthDate(
                      outside.data().familyName(),
                      outside.data().birthDate(),
                      PageRequest.first(10))
                  .items())
          .isEmpty();
      assertThatThrownBy(() -> clinical.listByPatient(outside.id(), PageRequest.first(10)))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> memberships.list(outside.id(), PageRequest.first(10)))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> clinical.create(outside.id(), condition()))
          .isInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void recordsOutsideTheGrantedOrganisationsCannotBeMarkedEnteredInErrorOrMerged() {
    grant("GROUP", "client-a-clinicians", Role.PHYSICIAN, "client-a");
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    var entryOfB = clinical.listByPatient(ofB.id(), PageRequest.first(10)).items().get(0);
    Patient bareOfB = member("client-b");
    fixture.actAs(grantee("client-a-clinicians"));
    assertThatThrownBy(() -> clinical.enterInError(entryOfB.id(), 1))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> directory.enterInError(bareOfB.id(), 1))
        .isInstanceOf(NotFoundException.class);
    // Nor merge a registration of the other client into one of theirs, or the other way round.
    var merges =
        fixture.intercepted(
            new org.phirecords.internal.patient.MongoPatientMerges(
                fixture.operations, fixture.protection, new RecordsConfig(new MapConfig())));
    assertThatThrownBy(() -> merges.merge(ofA.id(), 1, bareOfB.id(), 1))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> merges.merge(bareOfB.id(), 1, ofA.id(), 1))
        .isInstanceOf(NotFoundException.class);
    // Within reach, the same physician marks.
    var entryOfA = clinical.listByPatient(ofA.id(), PageRequest.first(10)).items().get(0);
    assertThat(clinical.enterInError(entryOfA.id(), 1).enteredInError()).isTrue();

    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    assertThat(clinical.get(entryOfB.id()).version()).isEqualTo(1);
    assertThat(directory.get(bareOfB.id()).version()).isEqualTo(1);
  }

  @Test
  void billingAndPrivacyOfficersGrantedAtAClientAreScopedToo() {
    grant("SUBJECT", "billing-b", Role.BILLING, "client-b");
    grant("SUBJECT", "privacy-b", Role.PRIVACY_OFFICER, "client-b");
    fixture.actAs(grantee("billing-b"));
    assertThat(billing.summary(ofB.id())).isNotNull();
    assertThatThrownBy(() -> billing.summary(ofA.id())).isInstanceOf(NotFoundException.class);

    fixture.actAs(grantee("privacy-b"));
    var events = review.search(query(null), PageRequest.first(100)).items();
    assertThat(events).isNotEmpty();
    assertThat(events)
        .allSatisfy(e -> assertThat(e.event().patientId()).isEqualTo(ofB.id().value()));
    assertThat(review.search(query(ofA.id().value()), PageRequest.first(100)).items()).isEmpty();
  }

  @Test
  void billingOfASurvivorIncludesOnlyTheMergedRegistrationsWithinBillingsReach() {
    Patient sameAsB = member("client-b");
    clinical.create(sameAsB.id(), condition());
    var merges =
        fixture.intercepted(
            new org.phirecords.internal.patient.MongoPatientMerges(
                fixture.operations, fixture.protection, new RecordsConfig(new MapConfig())));
    var ofBs = List.of(entryOf(ofB), entryOf(sameAsB));
    // A tenant-wide physician merges a registration of each client into the one of client B.
    merges.merge(ofB.id(), 1, sameAsB.id(), 1);
    merges.merge(ofB.id(), 1, ofA.id(), 1);
    grant("SUBJECT", "billing-b", Role.BILLING, "client-b");
    grant("SUBJECT", "billing-a", Role.BILLING, "client-a");

    fixture.actAs(grantee("billing-b"));
    assertThat(billing.summary(ofB.id()).codedEntries())
        .extracting(e -> e.id())
        .containsExactlyInAnyOrderElementsOf(ofBs);
    fixture.actAs(grantee("billing-a"));
    assertThatThrownBy(() -> billing.summary(ofB.id())).isInstanceOf(NotFoundException.class);
  }

  private org.phirecords.model.RecordId entryOf(Patient p) {
    var entries = clinical.listWithEnteredInError(p.id(), PageRequest.first(10)).items();
    return entries.get(0).id();
  }

  @Test
  void coverageEndedYesterdayMeansNoAccessToday() {
    grant("GROUP", "client-a-clinicians", Role.PHYSICIAN, "client-a");
    Patient lapsed = directory.create(People.synthetic());
    memberships.add(
        lapsed.id(),
        id("client-a"),
        NOW.minus(30, ChronoUnit.DAYS),
        Optional.of(NOW.minus(1, ChronoUnit.DAYS)),
        Optional.empty());
    var m = memberships.list(ofA.id(), PageRequest.first(10)).items().get(0);
    fixture.actAs(grantee("client-a-clinicians"));
    assertThatThrownBy(() -> directory.get(lapsed.id())).isInstanceOf(NotFoundException.class);
    assertThat(directory.get(ofA.id())).isNotNull();

    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    memberships.end(ofA.id(), m.id(), NOW);
    fixture.actAs(grantee("client-a-clinicians"));
    assertThatThrownBy(() -> directory.get(ofA.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void suspendingAClientTakesItsGrantsAway() {
    grant("GROUP", "client-a-clinicians", Role.PHYSICIAN, "client-a");
    fixture.actAs(StoreFixture.staff(T, Role.TENANT_ADMIN));
    organisations.suspend(id("client-a"));
    fixture.actAs(grantee("client-a-clinicians"));
    assertThatThrownBy(() -> directory.get(ofA.id())).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aGrantAtTheRootOrAMappedRoleReachesTheWholeTenant() {
    grant("GROUP", "all-clinicians", Role.PHYSICIAN, null);
    fixture.actAs(grantee("all-clinicians"));
    assertThat(directory.get(ofNone.id())).isNotNull();
    assertThat(directory.get(ofB.id())).isNotNull();
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    assertThat(directory.get(ofNone.id())).isNotNull();
  }

  @Test
  void anUnreadableGrantGivesNothingAndTheOthersStillHold() {
    grant("GROUP", "client-a-clinicians", Role.PHYSICIAN, "client-a");
    fixture
        .collections
        .forMaintenance(StoredCollection.GRANTS, new TenantId(T))
        .insertOne(
            new Document(GrantRepository.ID, "not-a-grant-id")
                .append(GrantRepository.STATUS, "ACTIVE")
                .append(GrantRepository.ROLE, "PHYSICIAN"));
    fixture.actAs(grantee("client-a-clinicians"));
    assertThat(directory.get(ofA.id())).isNotNull();
    assertThatThrownBy(() -> directory.get(ofB.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void grantsOfThePatientOrPlatformRoleGiveNothing() {
    grant("GROUP", "odd", Role.PATIENT, "client-a");
    grant("GROUP", "odd", Role.PLATFORM_ADMIN, null);
    fixture.actAs(grantee("odd"));
    assertThatThrownBy(() -> directory.get(ofA.id())).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void grantsThatWouldCombineRolesNoTokenMayHoldTogetherGiveNothing() {
    grant("SUBJECT", "user-billing", Role.PHYSICIAN, "client-a");
    fixture.actAs(StoreFixture.staff(T, Role.BILLING));
    assertThatThrownBy(() -> directory.get(ofA.id())).isInstanceOf(AccessDeniedException.class);
    assertThat(billing.summary(ofB.id())).as("the caller's own role holds still").isNotNull();
  }

  @Test
  void aCallerScopedBelowTheTenantCannotRegisterPatientsNoOneCouldSee() {
    grant("GROUP", "client-a-clinicians", Role.PHYSICIAN, "client-a");
    fixture.actAs(grantee("client-a-clinicians"));
    PatientData someone = People.synthetic();
    assertThatThrownBy(() -> directory.create(someone))
        .isInstanceOf(RecordsException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.REGISTRATION_NEEDS_TENANT_ROLE);
  }

  @Test
  void aScopedCallerRegistersPatientsAtTheOrganisationsTheyReachOnly() {
    grant("GROUP", "client-a-clinicians", Role.PHYSICIAN, "client-a");
    fixture.actAs(grantee("client-a-clinicians"));
    Patient registered = directory.create(People.synthetic(), id("group-a1"));
    assertThat(directory.get(registered.id()).id()).isEqualTo(registered.id());
    assertThat(memberships.list(registered.id(), PageRequest.first(10)).items())
        .singleElement()
        .satisfies(m -> assertThat(m.organisation()).isEqualTo(id("group-a1")));
    for (String refused : new String[] {"client-b", "nowhere"}) {
      PatientData someone = People.synthetic();
      assertThatThrownBy(() -> directory.create(someone, id(refused)))
          .isInstanceOf(RecordsException.class)
          .extracting(e -> ((RecordsException) e).errorCode())
          .isEqualTo(ErrorCode.ORGANISATION_NOT_FOUND);
    }
    fixture.actAs(StoreFixture.staff(T, Role.TENANT_ADMIN));
    organisations.suspend(id("client-b"));
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    PatientData later = People.synthetic();
    assertThatThrownBy(() -> directory.create(later, id("client-b")))
        .isInstanceOf(RecordsException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.ORGANISATION_STATE);
  }

  @Test
  void aScopedCallerCannotEnrolAPatientInAnOrganisationOutOfReach() {
    grant("GROUP", "client-a-clinicians", Role.PHYSICIAN, "client-a");
    fixture.actAs(grantee("client-a-clinicians"));
    assertThatThrownBy(
            () ->
                memberships.add(ofA.id(), id("client-b"), NOW, Optional.empty(), Optional.empty()))
        .isInstanceOf(RecordsException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.ORGANISATION_NOT_FOUND);
    memberships.add(ofA.id(), id("group-a1"), NOW, Optional.empty(), Optional.empty());
  }

  @Test
  void aClearanceAtAnOrganisationHoldsForStaffWhoseRoleHoldsOnlyThereOrBelow() {
    fixture
        .collections
        .tenantRegistry()
        .insertOne(
            new Document("_id", T).append("status", "ACTIVE").append("createdAt", new Date()));
    Set<Sensitivity> none = Set.of();
    clearances(new SensitiveClearances(Map.of(Role.PHYSICIAN, EnumSet.allOf(Sensitivity.class))));
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    clinical.create(ofGroupA1.id(), condition().withSensitivity(Sensitivity.BEHAVIOURAL_HEALTH));
    clearances(
        new SensitiveClearances(
            Map.of(Role.PHYSICIAN, none),
            Map.of(
                id("client-a"), Map.of(Role.PHYSICIAN, Set.of(Sensitivity.BEHAVIOURAL_HEALTH)))));
    assertThatThrownBy(
            () ->
                clearances(
                    new SensitiveClearances(
                        Map.of(), Map.of(id("nowhere"), Map.of(Role.PHYSICIAN, none)))))
        .isInstanceOfSatisfying(
            RecordsException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ORGANISATION_NOT_FOUND));
    grant("GROUP", "client-a-clinicians", Role.PHYSICIAN, "client-a");
    grant("GROUP", "group-a1-clinicians", Role.PHYSICIAN, "group-a1");
    grant("GROUP", "split-clinicians", Role.PHYSICIAN, "group-a1");
    grant("GROUP", "split-clinicians", Role.PHYSICIAN, "client-b");

    for (String cleared : List.of("client-a-clinicians", "group-a1-clinicians")) {
      fixture.actAs(grantee(cleared));
      assertThat(clinical.listByPatient(ofGroupA1.id(), PageRequest.first(10)).items())
          .as(cleared)
          .hasSize(2);
    }
    fixture.actAs(grantee("split-clinicians"));
    assertThat(clinical.listByPatient(ofGroupA1.id(), PageRequest.first(10)).items())
        .as("a role that also holds at client B is not cleared at client A")
        .hasSize(1);
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    assertThat(clinical.listByPatient(ofGroupA1.id(), PageRequest.first(10)).items())
        .as("tenant-wide physicians have the tenant-wide clearance only")
        .hasSize(1);
  }

  private void clearances(SensitiveClearances cleared) {
    fixture.actAs(StoreFixture.staff(T, Role.TENANT_ADMIN));
    settings.updateSensitiveClearances(cleared);
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

  private static AuditQuery query(String patient) {
    return new AuditQuery(patient, null, null, null, null, null);
  }

  /** A user of the tenant in {@code group} (and named so), holding no role but by grants. */
  @Test
  void integrationEventsAreRefusedToACallerWhoseRoleHoldsBelowTheTenant() {
    org.phirecords.internal.integration.MongoIntegrationEvents stream =
        fixture.intercepted(
            new org.phirecords.internal.integration.MongoIntegrationEvents(
                fixture.operations, fixture.collections));
    grant("SUBJECT", "integration-a", Role.TENANT_ADMIN, "client-a");
    fixture.actAs(grantee("integration-a"));
    assertThatThrownBy(() -> stream.after(null, 10))
        .extracting(e -> ((org.phirecords.error.RecordsException) e).errorCode())
        .isEqualTo(org.phirecords.error.ErrorCode.ACCESS_DENIED);

    grant("SUBJECT", "integration-all", Role.TENANT_ADMIN, null);
    fixture.actAs(grantee("integration-all"));
    assertThat(stream.after(null, 500).events())
        .as("held across the tenant: the whole stream")
        .hasSize(8);
  }

  private static Caller grantee(String groupAndSubject) {
    return new Caller(
        groupAndSubject,
        Optional.of(new TenantId(T)),
        EnumSet.noneOf(Role.class),
        Optional.empty(),
        PurposeOfUse.TREATMENT,
        "127.0.0.1",
        "https://idp.example",
        Set.of(groupAndSubject));
  }

  /** Stores an active grant as an administrator's approved request would leave it. */
  private void grant(String kind, String principal, Role role, String organisation) {
    fixture
        .collections
        .forMaintenance(StoredCollection.GRANTS, new TenantId(T))
        .insertOne(
            new Document(GrantRepository.ID, GrantId.random().value())
                .append(GrantRepository.PRINCIPAL_KIND, kind)
                .append(GrantRepository.PRINCIPAL, principal)
                .append(GrantRepository.ROLE, role.name())
                .append(GrantRepository.ORGANISATION, organisation)
                .append(GrantRepository.STATUS, "ACTIVE")
                .append(GrantRepository.REQUESTED_BY, "admin-1")
                .append(GrantRepository.APPROVED_BY, "admin-2")
                .append(GrantRepository.VERSION, 1L)
                .append(GrantRepository.CREATED, new Date()));
  }
}
