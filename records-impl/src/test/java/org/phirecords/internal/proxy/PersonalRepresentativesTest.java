package org.phirecords.internal.proxy;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.access.MongoPatientRights;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.tenant.MongoTenantSettings;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.AccessRecord;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientData;
import org.phirecords.model.PatientId;
import org.phirecords.model.ProxyGrant;
import org.phirecords.model.ProxyGrantRequest;
import org.phirecords.model.ProxyRelationship;
import org.phirecords.model.ProxyScope;
import org.phirecords.model.RecordId;
import org.phirecords.model.Sensitivity;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;
import org.phirecords.service.PersonalRepresentatives;

/** Personal representatives (ADR 46) through the real interceptor, on the real driver. */
class PersonalRepresentativesTest {
  private static final String IDP = "https://idp.test";
  private static final String TENANT = "tenant-a";
  private static final PageRequest ALL = PageRequest.first(PageRequest.MAX_LIMIT);
  private static final Caller PHYSICIAN = StoreFixture.staff(TENANT, Role.PHYSICIAN);

  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords records = fixture.clinical();
  private final MongoPatientRights rights =
      fixture.rights(directory, records, java.time.Clock.systemUTC());
  private final MongoTenantSettings settings = fixture.tenantSettings();
  private final PersonalRepresentatives representatives =
      fixture.intercepted(
          new MongoPersonalRepresentatives(
                  fixture.operations,
                  fixture.freeText,
                  new Representatives(fixture.collections, fixture.protection))
              .withClock(fixture.clock));

  private PatientId minor;
  private PatientId other;
  private RecordId plain;
  private RecordId reproductive;
  private RecordId confidential;

  /** A minor 17 years and 355 days old with three entries, and another patient. */
  @BeforeEach
  void register() {
    fixture.registerTenant(TENANT, "Clinic A");
    fixture.actAs(PHYSICIAN);
    LocalDate today = LocalDate.ofInstant(fixture.clock.instant(), ZoneOffset.UTC);
    minor = directory.create(bornOn(today.minusYears(18).plusDays(10))).id();
    other = directory.create(People.synthetic()).id();
    plain = records.create(minor, condition("J06.9", null)).id();
    reproductive = records.create(minor, condition("Z30.9", Sensitivity.REPRODUCTIVE_HEALTH)).id();
    confidential =
        records.create(minor, condition("Z32.01", Sensitivity.CONFIDENTIAL_FROM_PROXIES)).id();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private static PatientData bornOn(LocalDate birthDate) {
    PatientData p = People.synthetic();
    return new PatientData(
        p.mrn(),
        p.givenName(),
        p.familyName(),
        birthDate,
        p.sex(),
        p.ssn(),
        p.memberId(),
        p.address(),
        p.phone(),
        p.email());
  }

  private static ClinicalData condition(String code, Sensitivity category) {
    return new ClinicalData(
            EntryType.CONDITION,
            List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", code, "Condition " + code)),
            LocalDate.of(2026, 3, 1),
            "active",
            null,
            "Synthetic note " + code)
        .withSensitivity(category);
  }

  /**
   * A portal user of {@code tenant} who signs in with their own identity and no record of theirs.
   */
  private static Caller user(String tenant, String subject) {
    return new Caller(
        subject,
        Optional.of(new TenantId(tenant)),
        Set.of(Role.PATIENT),
        Optional.empty(),
        PurposeOfUse.PATIENT_REQUEST,
        "127.0.0.1",
        IDP);
  }

  private static Caller linked(String subject, PatientId record) {
    return user(TENANT, subject).withLinkedPatient(Optional.of(record));
  }

  private ProxyGrant grant(
      PatientId patient, String subject, ProxyRelationship relationship, ProxyScope scope) {
    fixture.actingFor(null);
    fixture.actAs(PHYSICIAN);
    return representatives.grant(
        patient,
        new ProxyGrantRequest(
            subject,
            IDP,
            relationship,
            scope,
            null,
            fixture.clock.instant().plus(Duration.ofDays(365)),
            "Synthetic reason: custody order on file"));
  }

  /** Acts as {@code subject} of tenant-a, for {@code patient}. */
  private void actFor(String subject, PatientId patient) {
    fixture.actAsUnlinked(user(TENANT, subject));
    fixture.actingFor(patient == null ? null : patient.value());
  }

  private List<RecordId> entriesOf(PatientId patient) {
    return records.listByPatient(patient, ALL).items().stream().map(ClinicalEntry::id).toList();
  }

  private static ErrorCode code(Runnable call) {
    try {
      call.run();
    } catch (RecordsException e) {
      return e.errorCode();
    }
    throw new AssertionError("not refused");
  }

  private List<Document> events(String subject) {
    return fixture
        .collections
        .auditLog()
        .find(and(eq("subject", subject), eq("outcome", "SUCCESS")))
        .into(new ArrayList<>());
  }

  @Test
  void aParentActsForTheirChildAndEveryAccessIsAuditedAsTheirsOnBehalfOfTheChild() {
    grant(minor, "parent-1", ProxyRelationship.PARENT, ProxyScope.WHOLE_RECORD);

    actFor("parent-1", minor);
    assertThat(directory.get(minor).id()).isEqualTo(minor);
    assertThat(entriesOf(minor)).containsExactlyInAnyOrder(plain, reproductive);
    assertThatThrownBy(() -> records.get(confidential)).isInstanceOf(NotFoundException.class);
    assertThat(events("parent-1"))
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.getString("patientId")).isEqualTo(minor.value());
              assertThat(e.getString("purposeOfUse")).isEqualTo("FAMRQT");
            });

    // Without naming the child, the parent is a portal user with no record of their own.
    actFor("parent-1", null);
    assertThat(code(() -> directory.get(minor))).isEqualTo(ErrorCode.PATIENT_NOT_LINKED);

    // The child sees the parent's accesses in their history, as a representative's.
    fixture.actingFor(null);
    fixture.actAs(linked("child-1", minor));
    List<AccessRecord> history = rights.accessHistory(minor, ALL).items();
    assertThat(history)
        .filteredOn(a -> "parent-1".equals(a.actor()))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.role()).isEqualTo("personal representative"));
    // The child sees every entry of their own, the confidential one too.
    assertThat(entriesOf(minor)).containsExactlyInAnyOrder(plain, reproductive, confidential);
  }

  @Test
  void aProxyOfOnePatientGetsNotFoundForAnotherAndInAnotherTenant() {
    grant(minor, "parent-1", ProxyRelationship.PARENT, ProxyScope.WHOLE_RECORD);

    actFor("parent-1", other);
    assertThatThrownBy(() -> directory.get(other)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> entriesOf(other)).isInstanceOf(NotFoundException.class);
    // Acting for the child, another record named in the call is out of reach like a missing one.
    actFor("parent-1", minor);
    assertThatThrownBy(() -> directory.get(other)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> entriesOf(other)).isInstanceOf(NotFoundException.class);
    // Another user, and the same subject in another tenant, hold no grant.
    actFor("parent-2", minor);
    assertThatThrownBy(() -> directory.get(minor)).isInstanceOf(NotFoundException.class);
    fixture.registerTenant("tenant-b", "Clinic B");
    fixture.actAsUnlinked(user("tenant-b", "parent-1"));
    fixture.actingFor(minor.value());
    assertThatThrownBy(() -> directory.get(minor)).isInstanceOf(NotFoundException.class);
    assertThat(
            fixture
                .collections
                .auditLog()
                .find(and(eq("subject", "parent-2"), eq("outcome", "DENIED")))
                .into(new ArrayList<>()))
        .isNotEmpty();
  }

  @Test
  void expiryRevocationAndALaterStartEndOrDelayAccess() {
    grant(minor, "parent-1", ProxyRelationship.PARENT, ProxyScope.WHOLE_RECORD);
    fixture.actAs(PHYSICIAN);
    ProxyGrant shortOne =
        representatives.grant(
            other,
            new ProxyGrantRequest(
                "carer-1",
                IDP,
                ProxyRelationship.CAREGIVER,
                ProxyScope.WHOLE_RECORD,
                fixture.clock.instant().plus(Duration.ofDays(1)),
                fixture.clock.instant().plus(Duration.ofDays(3)),
                null));

    actFor("carer-1", other);
    assertThatThrownBy(() -> directory.get(other)).isInstanceOf(NotFoundException.class);
    fixture.clock.advance(Duration.ofDays(2));
    assertThat(directory.get(other).id()).isEqualTo(other);
    fixture.clock.advance(Duration.ofDays(2));
    assertThatThrownBy(() -> directory.get(other)).isInstanceOf(NotFoundException.class);
    assertThat(shortOne.patient()).isEqualTo(other);

    actFor("parent-1", minor);
    assertThat(directory.get(minor).id()).isEqualTo(minor);
    ProxyGrant parents =
        representatives.representing().stream()
            .filter(g -> g.patient().equals(minor))
            .findFirst()
            .orElseThrow();
    fixture.actingFor(null);
    fixture.actAs(PHYSICIAN);
    assertThat(representatives.revoke(minor, parents.id()).revokedAt()).isPresent();
    actFor("parent-1", minor);
    assertThatThrownBy(() -> directory.get(minor)).isInstanceOf(NotFoundException.class);
    actFor("parent-1", null);
    assertThat(representatives.representing()).isEmpty();
  }

  @Test
  void aParentsAccessEndsAtTheTenantsAgeOfMajorityUnlessGrantedAgain() {
    grant(minor, "parent-1", ProxyRelationship.PARENT, ProxyScope.WHOLE_RECORD);
    grant(minor, "carer-1", ProxyRelationship.CAREGIVER, ProxyScope.WHOLE_RECORD);
    actFor("parent-1", minor);
    assertThat(directory.get(minor).id()).isEqualTo(minor);

    fixture.clock.advance(Duration.ofDays(11));
    assertThatThrownBy(() -> directory.get(minor)).isInstanceOf(NotFoundException.class);
    actFor("parent-1", null);
    assertThat(representatives.representing()).isEmpty();
    // A caregiver's grant does not end at majority.
    actFor("carer-1", minor);
    assertThat(directory.get(minor).id()).isEqualTo(minor);

    // A tenant whose age of majority is 21 keeps the parent's access.
    fixture.actingFor(null);
    fixture.actAs(StoreFixture.staff(TENANT, Role.TENANT_ADMIN));
    assertThat(settings.updateAgeOfMajority(21)).isEqualTo(21);
    assertThat(code(() -> settings.updateAgeOfMajority(30))).isEqualTo(ErrorCode.AGE_OF_MAJORITY);
    actFor("parent-1", minor);
    assertThat(directory.get(minor).id()).isEqualTo(minor);
  }

  @Test
  void aNonSensitiveScopeShowsNoSensitiveEntry() {
    grant(minor, "carer-1", ProxyRelationship.CAREGIVER, ProxyScope.NON_SENSITIVE);
    actFor("carer-1", minor);
    assertThat(entriesOf(minor)).containsExactly(plain);
    assertThatThrownBy(() -> records.get(reproductive)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aRepresentativeCannotWidenAccessAndStaffCannotActForAnyone() {
    grant(minor, "parent-1", ProxyRelationship.PARENT, ProxyScope.WHOLE_RECORD);
    actFor("parent-1", minor);
    ProxyGrantRequest carer =
        new ProxyGrantRequest(
            "friend-1",
            IDP,
            ProxyRelationship.CAREGIVER,
            ProxyScope.WHOLE_RECORD,
            null,
            fixture.clock.instant().plus(Duration.ofDays(30)),
            null);
    assertThat(code(() -> representatives.grantCaregiver(carer)))
        .isEqualTo(ErrorCode.NOT_AS_REPRESENTATIVE);
    assertThat(code(() -> representatives.ownGrants())).isEqualTo(ErrorCode.NOT_AS_REPRESENTATIVE);
    fixture.actingFor("not a patient id");
    assertThat(code(() -> directory.get(minor))).isEqualTo(ErrorCode.ACTING_FOR_INVALID);

    fixture.actAs(PHYSICIAN);
    fixture.actingFor(minor.value());
    assertThat(code(() -> directory.get(minor))).isEqualTo(ErrorCode.NOT_AS_REPRESENTATIVE);

    // A token stating the representatives' purpose without acting for anyone is not believed.
    fixture.actingFor(null);
    fixture.actAs(
        linked("child-1", minor).with(Set.of(Role.PATIENT), PurposeOfUse.REPRESENTATIVE_REQUEST));
    directory.get(minor);
    assertThat(events("child-1"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getString("purposeOfUse")).isEqualTo("PATRQT"));
  }

  @Test
  void anAdultPatientGrantsAndRevokesCaregiversButAMinorCannot() {
    ProxyGrantRequest carer =
        new ProxyGrantRequest(
            "carer-1",
            null,
            ProxyRelationship.CAREGIVER,
            ProxyScope.WHOLE_RECORD,
            null,
            fixture.clock.instant().plus(Duration.ofDays(30)),
            "Synthetic: my neighbour helps");
    fixture.actAs(linked("adult-1", other));
    ProxyGrant granted = representatives.grantCaregiver(carer);
    assertThat(granted.issuer()).isEqualTo(IDP);
    assertThat(representatives.ownGrants()).extracting(ProxyGrant::id).contains(granted.id());
    assertThat(
            code(
                () ->
                    representatives.grantCaregiver(
                        new ProxyGrantRequest(
                            "carer-2",
                            null,
                            ProxyRelationship.PARENT,
                            ProxyScope.WHOLE_RECORD,
                            null,
                            carer.expiry(),
                            null))))
        .isEqualTo(ErrorCode.PROXY_RELATIONSHIP);

    actFor("carer-1", other);
    assertThat(directory.get(other).id()).isEqualTo(other);

    ProxyGrant guardian =
        grant(other, "guardian-1", ProxyRelationship.GUARDIAN, ProxyScope.WHOLE_RECORD);
    fixture.actAs(linked("adult-1", other));
    assertThat(code(() -> representatives.revokeCaregiver(guardian.id())))
        .isEqualTo(ErrorCode.PROXY_NOT_CAREGIVER);
    representatives.revokeCaregiver(granted.id());
    actFor("carer-1", other);
    assertThatThrownBy(() -> directory.get(other)).isInstanceOf(NotFoundException.class);

    // The reason is sealed in the store.
    assertThat(
            fixture
                .collections
                .forMaintenance(
                    org.phirecords.internal.store.StoredCollection.PROXY_GRANTS,
                    new TenantId(TENANT))
                .find(new Document(), null, null, 0)
                .toString())
        .doesNotContain("neighbour")
        .doesNotContain("custody");

    fixture.actingFor(null);
    fixture.actAs(linked("child-1", minor));
    assertThat(code(() -> representatives.grantCaregiver(carer)))
        .isEqualTo(ErrorCode.MINOR_CANNOT_GRANT);
  }
}
