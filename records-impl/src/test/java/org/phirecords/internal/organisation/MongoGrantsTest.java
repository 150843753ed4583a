package org.phirecords.internal.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Grant;
import org.phirecords.model.GrantId;
import org.phirecords.model.GrantPrincipal;
import org.phirecords.model.GrantStatus;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationKind;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;
import org.phirecords.service.Grants;
import org.phirecords.service.Organisations;

/** Administering grants (ADR 29), through the real interceptor. */
class MongoGrantsTest {
  private static final TenantId T = new TenantId("insurer-g");
  private static final Caller A = admin("admin-a", "it-admins");
  private static final Caller B = admin("admin-b", "it-admins", "cardiology");
  private static final Caller C = admin("admin-c", "it-admins");

  private final StoreFixture fixture = new StoreFixture();

  @SuppressWarnings("unchecked")
  private final Event<GrantsChanged> changed = mock(Event.class);

  private final Grants grants =
      fixture.intercepted(new MongoGrants(fixture.operations, fixture.config, changed, 6));
  private final Organisations organisations =
      fixture.intercepted(new MongoOrganisations(fixture.operations));

  private static Caller admin(String subject, String... groups) {
    return new Caller(
        subject,
        Optional.of(T),
        Set.of(Role.TENANT_ADMIN),
        Optional.empty(),
        PurposeOfUse.OPERATIONS,
        "127.0.0.1",
        "https://idp.test",
        Set.of(groups));
  }

  @BeforeEach
  void tree() {
    fixture.actAs(A);
    organisations.create(org("client-a"), "Client A", OrganisationKind.CLIENT, Optional.empty());
    organisations.create(
        org("group-a1"), "Group A1", OrganisationKind.EMPLOYER_GROUP, Optional.of(org("client-a")));
    organisations.create(org("client-b"), "Client B", OrganisationKind.CLIENT, Optional.empty());
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private static OrganisationId org(String id) {
    return new OrganisationId(id);
  }

  private static GrantPrincipal group(String name) {
    return new GrantPrincipal(GrantPrincipal.Kind.GROUP, name);
  }

  private static GrantPrincipal subject(String name) {
    return new GrantPrincipal(GrantPrincipal.Kind.SUBJECT, name);
  }

  private static ErrorCode code(Runnable call) {
    try {
      call.run();
    } catch (RecordsException e) {
      return e.errorCode();
    }
    throw new AssertionError("not refused");
  }

  private List<String> events() {
    List<String> found = new ArrayList<>();
    for (Document d : fixture.collections.auditLog().find(Filters.eq("resourceType", "GRANT"))) {
      found.add(
          d.getString("subject")
              + ":"
              + d.getString("operation")
              + ":"
              + d.getString("action")
              + ":"
              + d.getString("outcome"));
    }
    return found;
  }

  private TenantScopedCollection stored() {
    return fixture.collections.forMaintenance(StoredCollection.GRANTS, T);
  }

  private List<Grant> active() {
    return GrantRepository.active(fixture.collections, T);
  }

  @Test
  void aRoleWithoutPhiAppliesAtOnceAndRepeatingTheGrantChangesNothing() {
    Grant first = grants.create(subject("officer-7"), Role.PRIVACY_OFFICER, Optional.empty());
    assertThat(first.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(first.organisation()).isEmpty();
    assertThat(first.requestedBy()).isEqualTo("admin-a");
    fixture.actAs(B);
    Grant again = grants.create(subject("officer-7"), Role.PRIVACY_OFFICER, Optional.empty());
    assertThat(again).isEqualTo(first);
    assertThat(active()).containsExactly(first);
    assertThat(stored().count(new Document())).isEqualTo(1);
    assertThat(events())
        .containsExactly(
            "admin-a:Grants.create:CREATE:INTENDED",
            "admin-a:Grants.create:CREATE:SUCCESS",
            "admin-b:Grants.create:CREATE:SUCCESS");
    verify(changed, times(1)).fire(new GrantsChanged(T));
    // The same principal and role at another node is another grant.
    Grant below =
        grants.create(subject("officer-7"), Role.PRIVACY_OFFICER, Optional.of(org("client-a")));
    assertThat(below.id()).isNotEqualTo(first.id());
  }

  @Test
  void aPhiRoleIsInForceOnlyOnceASecondAdminWhoIsNotInTheGroupApprovesIt() {
    Grant pending =
        grants.create(group("cardiology"), Role.PHYSICIAN, Optional.of(org("client-a")));
    assertThat(pending.status()).isEqualTo(GrantStatus.PENDING);
    assertThat(active()).isEmpty();
    verify(changed, times(1)).fire(new GrantsChanged(T));

    assertThat(code(() -> grants.approve(pending.id())))
        .isEqualTo(ErrorCode.SECOND_APPROVER_REQUIRED);
    fixture.actAs(B);
    assertThat(code(() -> grants.approve(pending.id()))).isEqualTo(ErrorCode.OWN_GROUP_PHI_ROLE);
    assertThat(active()).isEmpty();

    fixture.actAs(C);
    Grant approved = grants.approve(pending.id());
    assertThat(approved.status()).isEqualTo(GrantStatus.ACTIVE);
    assertThat(approved.approvedBy()).contains("admin-c");
    assertThat(active()).containsExactly(approved);
    verify(changed, times(2)).fire(new GrantsChanged(T));
    assertThat(code(() -> grants.approve(pending.id()))).isEqualTo(ErrorCode.GRANT_NOT_PENDING);
    assertThat(events())
        .containsSubsequence(
            "admin-a:Grants.approve:UPDATE:DENIED",
            "admin-b:Grants.approve:UPDATE:DENIED",
            "admin-c:Grants.approve:UPDATE:INTENDED",
            "admin-c:Grants.approve:UPDATE:SUCCESS",
            "admin-c:Grants.approve:UPDATE:CONFLICT");
  }

  @Test
  void noAdminGrantsAPhiRoleToTheirOwnSubjectOrGroup() {
    assertThat(code(() -> grants.create(subject("admin-a"), Role.PHYSICIAN, Optional.empty())))
        .isEqualTo(ErrorCode.OWN_GROUP_PHI_ROLE);
    assertThat(code(() -> grants.create(group("it-admins"), Role.BILLING, Optional.empty())))
        .isEqualTo(ErrorCode.OWN_GROUP_PHI_ROLE);
    assertThat(stored().count(new Document())).isZero();
    assertThat(events())
        .containsExactly(
            "admin-a:Grants.create:CREATE:DENIED", "admin-a:Grants.create:CREATE:DENIED");
    verify(changed, never()).fire(new GrantsChanged(T));
    // A role without PHI is no such grant.
    assertThat(grants.create(subject("admin-a"), Role.PRIVACY_OFFICER, Optional.empty()).status())
        .isEqualTo(GrantStatus.ACTIVE);
  }

  @Test
  void onlyRolesWorkingWithTheTenantsRecordsAreGranted() {
    for (Role role : List.of(Role.PLATFORM_ADMIN, Role.PATIENT, Role.TENANT_ADMIN)) {
      assertThat(code(() -> grants.create(group("anyone"), role, Optional.empty())))
          .as(role.name())
          .isEqualTo(ErrorCode.ROLE_NOT_GRANTABLE);
    }
    assertThat(stored().count(new Document())).isZero();
    assertThat(events()).hasSize(3).allMatch(e -> e.endsWith(":DENIED"));
    assertThat(grants.create(group("claims"), Role.BILLING, Optional.empty()).status())
        .isEqualTo(GrantStatus.PENDING);
  }

  @Test
  void anUnknownOrClosedOrganisationIsRefused() {
    assertThat(
            code(() -> grants.create(group("claims"), Role.BILLING, Optional.of(org("nowhere")))))
        .isEqualTo(ErrorCode.ORGANISATION_NOT_FOUND);
    organisations.close(org("client-a"));
    for (String closed : List.of("client-a", "group-a1")) {
      assertThat(code(() -> grants.create(group("claims"), Role.BILLING, Optional.of(org(closed)))))
          .as(closed)
          .isEqualTo(ErrorCode.ORGANISATION_STATE);
    }
    assertThat(stored().count(new Document())).isZero();
    // A suspended organisation may be granted at; the grant applies once it is reactivated.
    organisations.suspend(org("client-b"));
    assertThat(grants.create(group("claims"), Role.BILLING, Optional.of(org("client-b"))))
        .isNotNull();
  }

  @Test
  void aPendingGrantLapsesAndCanBeRequestedAfresh() {
    Grant pending = grants.create(group("claims"), Role.BILLING, Optional.of(org("client-b")));
    stored()
        .findOneAndUpdate(
            Filters.eq("grantId", pending.id().value()),
            Updates.set(
                "createdAt", Date.from(Instant.now().minus(Duration.ofHours(72)).minusSeconds(1))));
    assertThat(code(() -> grants.get(pending.id()))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(grants.list(Optional.empty(), Optional.empty(), new PageRequest(null, 10)).items())
        .isEmpty();
    fixture.actAs(C);
    assertThat(code(() -> grants.approve(pending.id()))).isEqualTo(ErrorCode.GRANT_NOT_PENDING);
    assertThat(active()).isEmpty();

    Grant again = grants.create(group("claims"), Role.BILLING, Optional.of(org("client-b")));
    assertThat(again.id()).isEqualTo(pending.id());
    assertThat(again.requestedBy()).isEqualTo("admin-c");
    assertThat(again.createdAt()).isAfter(pending.createdAt());
    assertThat(stored().findOne(new Document(), null, null).orElseThrow().getLong("version"))
        .isEqualTo(2);
    fixture.actAs(A);
    assertThat(grants.approve(pending.id()).status()).isEqualTo(GrantStatus.ACTIVE);
  }

  @Test
  void revokingRemovesAGrantInForceAndWithdrawsAPendingOne() {
    Grant officer = grants.create(subject("officer-7"), Role.PRIVACY_OFFICER, Optional.empty());
    Grant pending = grants.create(group("claims"), Role.BILLING, Optional.empty());
    fixture.actAs(B);
    assertThat(grants.revoke(officer.id())).isEqualTo(officer);
    assertThat(active()).isEmpty();
    assertThat(code(() -> grants.get(officer.id()))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(code(() -> grants.revoke(officer.id()))).isEqualTo(ErrorCode.NOT_FOUND);
    fixture.actAs(A);
    grants.revoke(pending.id());
    assertThat(code(() -> grants.approve(pending.id()))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(stored().count(new Document())).isZero();
    verify(changed, times(4)).fire(new GrantsChanged(T));
    assertThat(events())
        .containsSubsequence(
            "admin-b:Grants.revoke:DELETE:INTENDED",
            "admin-b:Grants.revoke:DELETE:SUCCESS",
            "admin-b:Grants.revoke:DELETE:NOT_FOUND",
            "admin-a:Grants.revoke:DELETE:INTENDED",
            "admin-a:Grants.revoke:DELETE:SUCCESS");
    // A revoked grant can be granted again.
    assertThat(grants.create(subject("officer-7"), Role.PRIVACY_OFFICER, Optional.empty()).id())
        .isEqualTo(officer.id());
  }

  @Test
  void grantsArePagedByIdAndFilteredByOrganisationOrPrincipal() {
    List<GrantId> made = new ArrayList<>();
    for (String who : List.of("officer-1", "officer-2", "officer-3")) {
      made.add(grants.create(subject(who), Role.PRIVACY_OFFICER, Optional.empty()).id());
      made.add(
          grants.create(subject(who), Role.PRIVACY_OFFICER, Optional.of(org("client-a"))).id());
    }
    List<GrantId> seen = new ArrayList<>();
    PageRequest request = new PageRequest(null, 4);
    Page<Grant> page = grants.list(Optional.empty(), Optional.empty(), request);
    seen.addAll(page.items().stream().map(Grant::id).toList());
    assertThat(page.hasMore()).isTrue();
    page = grants.list(Optional.empty(), Optional.empty(), new PageRequest(page.nextCursor(), 4));
    seen.addAll(page.items().stream().map(Grant::id).toList());
    assertThat(page.hasMore()).isFalse();
    assertThat(seen)
        .containsExactlyElementsOf(
            made.stream().sorted(java.util.Comparator.comparing(GrantId::value)).toList());

    assertThat(
            grants
                .list(Optional.of(org("client-a")), Optional.empty(), new PageRequest(null, 10))
                .items())
        .hasSize(3)
        .allMatch(g -> g.organisation().equals(Optional.of(org("client-a"))));
    assertThat(
            grants
                .list(
                    Optional.empty(), Optional.of(subject("officer-2")), new PageRequest(null, 10))
                .items())
        .hasSize(2)
        .allMatch(g -> g.principal().value().equals("officer-2"));
    assertThat(
            grants
                .list(Optional.empty(), Optional.of(group("officer-2")), new PageRequest(null, 10))
                .items())
        .isEmpty();
    // The fixture's tenant holds at most six grants.
    assertThat(
            code(() -> grants.create(subject("officer-4"), Role.PRIVACY_OFFICER, Optional.empty())))
        .isEqualTo(ErrorCode.GRANT_LIMIT);
  }

  @Test
  void anotherTenantsAdminFindsNothingAndOnlyTenantAdminsManageGrants() {
    Grant grant = grants.create(subject("officer-7"), Role.PRIVACY_OFFICER, Optional.empty());
    fixture.actAs(StoreFixture.staff("insurer-other", Role.TENANT_ADMIN));
    assertThat(code(() -> grants.get(grant.id()))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(code(() -> grants.revoke(grant.id()))).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(grants.list(Optional.empty(), Optional.empty(), new PageRequest(null, 10)).items())
        .isEmpty();
    for (Role role : List.of(Role.PHYSICIAN, Role.PRIVACY_OFFICER, Role.PLATFORM_ADMIN)) {
      fixture.actAs(StoreFixture.staff(T.value(), role));
      assertThat(code(() -> grants.get(grant.id())))
          .as(role.name())
          .isEqualTo(ErrorCode.ACCESS_DENIED);
      assertThat(code(() -> grants.create(subject("x"), Role.PHYSICIAN, Optional.empty())))
          .as(role.name())
          .isIn(ErrorCode.ACCESS_DENIED, ErrorCode.TENANT_MISSING);
    }
    assertThat(active()).containsExactly(grant);
  }

  /** Stands for a process killed right after its write, before the outcome. */
  private static final class Killed extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void aProcessKilledAfterAGrantChangeIsReconciledAsTheChangeItMade() throws Exception {
    org.phirecords.internal.audit.trail.AuditTrail dying =
        new org.phirecords.internal.audit.trail.AuditTrail(
            fixture.collections, fixture.events, StoreFixture.CHAIN_KEY) {
          @Override
          public void conclude(
              org.phirecords.internal.audit.trail.WriteIntent intent,
              org.phirecords.audit.AuditOutcome outcome,
              int count) {
            throw new Killed();
          }
        };
    org.phirecords.internal.operation.Operations ops =
        new org.phirecords.internal.operation.Operations(fixture.collections, dying);
    Grants crashing =
        org.phirecords.internal.testing.Intercepted.through(
            new org.phirecords.internal.security.AuthorizationInterceptor(
                fixture.callers,
                new org.phirecords.internal.tenant.TenantStatusLookup(fixture.collections) {
                  @Override
                  public Optional<Registration> registration(TenantId tenant) {
                    return Optional.of(
                        new Registration(
                            org.phirecords.model.TenantStatus.ACTIVE, Optional.empty()));
                  }
                },
                dying,
                ops,
                new org.phirecords.internal.link.LinkedRecords(fixture.collections),
                fixture.scopes),
            new MongoGrants(ops, fixture.config, changed, 6));
    Grant pending = grants.create(group("claims"), Role.BILLING, Optional.empty());
    Grant officer = grants.create(subject("officer-7"), Role.PRIVACY_OFFICER, Optional.empty());
    fixture.actAs(C);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> crashing.approve(pending.id()))
        .isInstanceOf(Killed.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> crashing.revoke(officer.id()))
        .isInstanceOf(Killed.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> crashing.create(subject("officer-8"), Role.PRIVACY_OFFICER, Optional.empty()))
        .isInstanceOf(Killed.class);
    // The revocation's mark grants nothing, even before it is removed.
    assertThat(active())
        .extracting(g -> g.principal().value())
        .containsExactlyInAnyOrder("claims", "officer-8");
    assertThat(code(() -> grants.get(officer.id()))).isEqualTo(ErrorCode.NOT_FOUND);
    Thread.sleep(5);

    assertThat(
            new org.phirecords.internal.audit.trail.AuditReconciler(
                    fixture.collections, fixture.audit)
                .reconcile(Duration.ZERO))
        .isEqualTo(new org.phirecords.internal.audit.trail.AuditReconciler.Result(3, 0));
    // The same grant can be made again over the mark.
    assertThat(grants.create(subject("officer-7"), Role.PRIVACY_OFFICER, Optional.empty()).status())
        .isEqualTo(GrantStatus.ACTIVE);
  }
}
