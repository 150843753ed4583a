package org.phirecords.internal.organisation;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.phirecords.internal.organisation.MongoOrganisationsTest.id;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Membership;
import org.phirecords.model.OrganisationKind;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;
import org.phirecords.service.Memberships;
import org.phirecords.service.Organisations;

class MongoMembershipsTest {
  private static final String T = MongoOrganisationsTest.T;
  private static final Instant NOW = Instant.now();
  private final StoreFixture fixture = new StoreFixture();
  private final Organisations organisations =
      fixture.intercepted(new MongoOrganisations(fixture.operations));
  private final Memberships memberships =
      fixture.intercepted(new MongoMemberships(fixture.operations, fixture.freeText));
  private final MongoPatientDirectory directory = fixture.directory();
  private final MembershipRepository lookup =
      MembershipRepository.of(fixture.collections, new TenantId(T));

  @AfterEach
  void close() {
    fixture.close();
  }

  /** An insurer with two clients, and an employer group under the first. */
  private PatientId insurerWithAPatient() {
    fixture.actAs(StoreFixture.staff(T, Role.TENANT_ADMIN));
    organisations.create(id("client-a"), "Client A", OrganisationKind.CLIENT, Optional.empty());
    organisations.create(id("client-b"), "Client B", OrganisationKind.CLIENT, Optional.empty());
    organisations.create(
        id("group-a1"), "Group A1", OrganisationKind.EMPLOYER_GROUP, Optional.of(id("client-a")));
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    return directory.create(People.synthetic()).id();
  }

  private static Instant daysAgo(int days) {
    return NOW.minus(days, ChronoUnit.DAYS);
  }

  private static ErrorCode code(Runnable call) {
    try {
      call.run();
    } catch (RecordsException e) {
      return e.errorCode();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void coverageEndedYesterdayIsNoMembershipToday() {
    PatientId patient = insurerWithAPatient();
    memberships.add(
        patient, id("group-a1"), daysAgo(30), Optional.of(daysAgo(1)), Optional.of("M-1001"));

    assertThat(lookup.isMember(patient, id("group-a1"), NOW)).isFalse();
    assertThat(lookup.isMember(patient, id("client-a"), NOW)).isFalse();
    assertThat(lookup.organisationsOf(patient, NOW)).isEmpty();
    assertThat(lookup.isMember(patient, id("group-a1"), daysAgo(2))).isTrue();
    assertThat(lookup.isMember(patient, id("group-a1"), daysAgo(31))).isFalse();
  }

  @Test
  void aMemberBelowAnOrganisationBelongsToItButNotToItsSibling() {
    PatientId patient = insurerWithAPatient();
    Membership m =
        memberships.add(patient, id("group-a1"), daysAgo(3), Optional.empty(), Optional.empty());

    assertThat(lookup.organisationsOf(patient, NOW)).containsExactly(id("group-a1"));
    assertThat(lookup.isMember(patient, id("group-a1"), NOW)).isTrue();
    assertThat(lookup.isMember(patient, id("client-a"), NOW)).isTrue();
    assertThat(lookup.isMember(patient, id("client-b"), NOW)).isFalse();

    Membership ended = memberships.end(patient, m.id(), NOW);
    assertThat(ended.end()).contains(NOW.truncatedTo(ChronoUnit.MILLIS));
    assertThat(lookup.isMember(patient, id("client-a"), NOW.plusSeconds(1))).isFalse();
    // Ending again later keeps the earlier end.
    assertThat(memberships.end(patient, m.id(), NOW.plusSeconds(3600)).end())
        .isEqualTo(ended.end());
  }

  @Test
  void theMemberIdIsEncryptedAtRestAndReadBack() {
    PatientId patient = insurerWithAPatient();
    Membership m =
        memberships.add(
            patient, id("client-b"), daysAgo(1), Optional.empty(), Optional.of("XZQ-778812"));
    Document stored =
        fixture
            .collections
            .forMaintenance(StoredCollection.MEMBERSHIPS, new TenantId(T))
            .findOne(eq("membershipId", m.id().value()), null, null)
            .orElseThrow();
    assertThat(stored.get("memberId")).isNotInstanceOf(String.class);
    assertThat(stored.toJson()).doesNotContain("XZQ-778812");
    assertThat(memberships.list(patient, PageRequest.first()).items())
        .singleElement()
        .satisfies(read -> assertThat(read.memberId()).contains("XZQ-778812"));
    assertThat(m.toString()).doesNotContain("XZQ-778812");
  }

  @Test
  void badPeriodsOrganisationsAndPatientsAreRefused() {
    PatientId patient = insurerWithAPatient();
    assertThat(
            code(
                () ->
                    memberships.add(
                        patient,
                        id("client-a"),
                        daysAgo(1),
                        Optional.of(daysAgo(2)),
                        Optional.empty())))
        .isEqualTo(ErrorCode.INVALID_PERIOD);
    assertThat(
            code(
                () ->
                    memberships.add(
                        patient, id("nowhere"), daysAgo(1), Optional.empty(), Optional.empty())))
        .isEqualTo(ErrorCode.ORGANISATION_NOT_FOUND);
    Membership m =
        memberships.add(patient, id("client-a"), daysAgo(1), Optional.empty(), Optional.empty());
    assertThat(code(() -> memberships.end(patient, m.id(), daysAgo(2))))
        .isEqualTo(ErrorCode.INVALID_PERIOD);
    fixture.actAs(StoreFixture.staff(T, Role.TENANT_ADMIN));
    organisations.suspend(id("client-a"));
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    assertThat(
            code(
                () ->
                    memberships.add(
                        patient, id("group-a1"), NOW, Optional.empty(), Optional.empty())))
        .isEqualTo(ErrorCode.ORGANISATION_STATE);
    // Another tenant's physician finds neither the patient nor its memberships.
    fixture.actAs(StoreFixture.staff("other-tenant", Role.PHYSICIAN));
    assertThatThrownBy(() -> memberships.list(patient, PageRequest.first()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> memberships.end(patient, m.id(), NOW))
        .isInstanceOf(NotFoundException.class);
    // A patient reads their own memberships, not another patient's, and writes none.
    fixture.actAs(StoreFixture.patient(T, patient));
    assertThat(memberships.list(patient, PageRequest.first()).items()).hasSize(1);
    assertThatThrownBy(
            () -> memberships.add(patient, id("client-b"), NOW, Optional.empty(), Optional.empty()))
        .isInstanceOf(AccessDeniedException.class);
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    PatientId other = directory.create(People.synthetic()).id();
    fixture.actAs(StoreFixture.patient(T, patient));
    assertThatThrownBy(() -> memberships.list(other, PageRequest.first()))
        .isInstanceOf(NotFoundException.class);
    // Billing and tenant admins neither read nor write memberships.
    fixture.actAs(StoreFixture.staff(T, Role.BILLING));
    assertThatThrownBy(() -> memberships.list(patient, PageRequest.first()))
        .isInstanceOf(AccessDeniedException.class);
    fixture.actAs(StoreFixture.staff(T, Role.TENANT_ADMIN));
    assertThatThrownBy(
            () -> memberships.add(patient, id("client-b"), NOW, Optional.empty(), Optional.empty()))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void writesAreAnnouncedAndReadsAuditedWithThePatient() {
    PatientId patient = insurerWithAPatient();
    for (int i = 0; i < 3; i++) {
      memberships.add(patient, id("client-b"), daysAgo(i + 1), Optional.empty(), Optional.empty());
    }
    List<String> ids = new ArrayList<>();
    Page<Membership> page = memberships.list(patient, PageRequest.first(2));
    page.items().forEach(m -> ids.add(m.id().value()));
    assertThat(page.hasMore()).isTrue();
    page = memberships.list(patient, new PageRequest(page.nextCursor(), 2));
    page.items().forEach(m -> ids.add(m.id().value()));
    assertThat(page.hasMore()).isFalse();
    assertThat(ids).hasSize(3).isSorted();

    List<String> events = new ArrayList<>();
    for (Document d : fixture.collections.auditLog().find(eq("resourceType", "MEMBERSHIP"))) {
      assertThat(d.getString("patientId")).isEqualTo(patient.value());
      events.add(d.getString("action") + ":" + d.getString("outcome"));
    }
    assertThat(events)
        .containsExactly(
            "CREATE:INTENDED",
            "CREATE:SUCCESS",
            "CREATE:INTENDED",
            "CREATE:SUCCESS",
            "CREATE:INTENDED",
            "CREATE:SUCCESS",
            "READ:SUCCESS",
            "READ:SUCCESS");
  }
}
