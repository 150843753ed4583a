package org.phirecords.internal.organisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.phirecords.model.Organisation;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationKind;
import org.phirecords.model.OrganisationStatus;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;
import org.phirecords.service.Memberships;
import org.phirecords.service.Organisations;

class MongoOrganisationsTest {
  static final String T = "insurer-a";
  private final StoreFixture fixture = new StoreFixture();
  private final Organisations organisations =
      fixture.intercepted(new MongoOrganisations(fixture.operations));
  private final Memberships memberships =
      fixture.intercepted(new MongoMemberships(fixture.operations, fixture.freeText));
  private final MongoPatientDirectory directory = fixture.directory();

  @AfterEach
  void close() {
    fixture.close();
  }

  static OrganisationId id(String value) {
    return new OrganisationId(value);
  }

  private void asAdmin() {
    fixture.actAs(StoreFixture.staff(T, Role.TENANT_ADMIN));
  }

  private Organisation create(String id, String parent) {
    asAdmin();
    return organisations.create(
        id(id),
        "Org " + id,
        OrganisationKind.CLIENT,
        Optional.ofNullable(parent).map(OrganisationId::new));
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
    for (Document d : fixture.collections.auditLog().find()) {
      found.add(
          d.getString("operation") + ":" + d.getString("action") + ":" + d.getString("outcome"));
    }
    return found;
  }

  private PatientId patient() {
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    return directory.create(People.synthetic()).id();
  }

  @Test
  void createIsAnnouncedAndRepeatingItChangesNothing() {
    Organisation first = create("client-1", null);
    Organisation again = create("client-1", null);
    assertThat(again).isEqualTo(first);
    assertThat(again.version()).isEqualTo(1);
    assertThat(again.parent()).isEmpty();
    assertThat(events())
        .containsExactly(
            "Organisations.create:CREATE:INTENDED",
            "Organisations.create:CREATE:SUCCESS",
            "Organisations.create:CREATE:SUCCESS");
    // The same id with other content is not a repeat.
    assertThat(
            code(
                () ->
                    organisations.create(
                        id("client-1"), "Another", OrganisationKind.CLIENT, Optional.empty())))
        .isEqualTo(ErrorCode.DUPLICATE);
    assertThat(
            fixture
                .collections
                .forMaintenance(StoredCollection.ORGANISATIONS, new TenantId(T))
                .count(new Document()))
        .isEqualTo(1);
  }

  @Test
  void aMoveBelowItselfOrADescendantIsRefused() {
    create("org-a", null);
    create("org-b", "org-a");
    create("org-c", "org-b");
    assertThat(code(() -> organisations.move(id("org-a"), Optional.of(id("org-c")))))
        .isEqualTo(ErrorCode.ORGANISATION_CYCLE);
    assertThat(code(() -> organisations.move(id("org-b"), Optional.of(id("org-b")))))
        .isEqualTo(ErrorCode.ORGANISATION_CYCLE);
    assertThat(organisations.get(id("org-a")).parent()).isEmpty();
    assertThat(organisations.get(id("org-a")).version()).isEqualTo(1);

    Organisation moved = organisations.move(id("org-c"), Optional.empty());
    assertThat(moved.parent()).isEmpty();
    assertThat(moved.version()).isEqualTo(2);
    assertThat(organisations.move(id("org-a"), Optional.of(id("org-c"))).parent())
        .contains(id("org-c"));
    assertThat(code(() -> organisations.move(id("org-a"), Optional.of(id("nowhere")))))
        .isEqualTo(ErrorCode.ORGANISATION_NOT_FOUND);
  }

  @Test
  void closingWaitsUntilNoMembershipBelowIsInEffect() {
    create("client", null);
    create("group", "client");
    PatientId patient = patient();
    Instant now = Instant.now();
    Membership m =
        memberships.add(
            patient,
            id("group"),
            now.minus(30, ChronoUnit.DAYS),
            Optional.empty(),
            Optional.empty());
    asAdmin();
    assertThat(code(() -> organisations.close(id("client"))))
        .isEqualTo(ErrorCode.ORGANISATION_HAS_MEMBERS);
    assertThat(code(() -> organisations.close(id("group"))))
        .isEqualTo(ErrorCode.ORGANISATION_HAS_MEMBERS);
    assertThat(organisations.get(id("client")).status()).isEqualTo(OrganisationStatus.ACTIVE);

    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    memberships.end(patient, m.id(), now.minus(1, ChronoUnit.DAYS));
    asAdmin();
    assertThat(organisations.close(id("client")).status()).isEqualTo(OrganisationStatus.CLOSED);
    // Closed is final, and applies below.
    assertThat(code(() -> organisations.rename(id("client"), "Renamed")))
        .isEqualTo(ErrorCode.ORGANISATION_STATE);
    assertThat(code(() -> organisations.reactivate(id("client"))))
        .isEqualTo(ErrorCode.ORGANISATION_STATE);
    assertThat(code(() -> create("late", "group"))).isEqualTo(ErrorCode.ORGANISATION_STATE);
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    assertThat(
            code(
                () ->
                    memberships.add(patient, id("group"), now, Optional.empty(), Optional.empty())))
        .isEqualTo(ErrorCode.ORGANISATION_STATE);
  }

  @Test
  void aMembershipStartingLaterAlsoKeepsTheOrganisationOpen() {
    create("facility", null);
    PatientId patient = patient();
    memberships.add(
        patient,
        id("facility"),
        Instant.now().plus(10, ChronoUnit.DAYS),
        Optional.empty(),
        Optional.empty());
    asAdmin();
    assertThat(code(() -> organisations.close(id("facility"))))
        .isEqualTo(ErrorCode.ORGANISATION_HAS_MEMBERS);
  }

  @Test
  void suspendRenameAndReactivateAreAnnouncedVersionedChanges() {
    create("practice", null);
    assertThat(organisations.suspend(id("practice")).status())
        .isEqualTo(OrganisationStatus.SUSPENDED);
    assertThat(organisations.suspend(id("practice")).version()).isEqualTo(2);
    assertThat(organisations.rename(id("practice"), "St. Mary's (North)").displayName())
        .isEqualTo("St. Mary's (North)");
    Organisation back = organisations.reactivate(id("practice"));
    assertThat(back.status()).isEqualTo(OrganisationStatus.ACTIVE);
    assertThat(back.version()).isEqualTo(4);
    assertThat(events())
        .containsSubsequence(
            "Organisations.suspend:UPDATE:INTENDED",
            "Organisations.suspend:UPDATE:SUCCESS",
            "Organisations.rename:UPDATE:INTENDED",
            "Organisations.rename:UPDATE:SUCCESS",
            "Organisations.reactivate:UPDATE:INTENDED",
            "Organisations.reactivate:UPDATE:SUCCESS");
    // Nothing is left announced but not concluded.
    assertThat(fixture.collections.auditIntents().countDocuments()).isZero();
  }

  @Test
  void displayNamesAreChecked() {
    asAdmin();
    for (String bad : List.of("", " padded", "tab\there", "<script>", "x".repeat(121))) {
      assertThat(
              code(
                  () ->
                      organisations.create(
                          id("bad"), bad, OrganisationKind.FACILITY, Optional.empty())))
          .as(bad)
          .isEqualTo(ErrorCode.INVALID_FIELD);
    }
    assertThat(
            organisations
                .create(
                    id("ok"), "Zoë & Co. 2/3 - Nord", OrganisationKind.FACILITY, Optional.empty())
                .displayName())
        .isEqualTo("Zoë & Co. 2/3 - Nord");
  }

  @Test
  void theListIsPagedById() {
    for (String id : List.of("e1", "a1", "d1", "b1", "c1")) {
      create(id, null);
    }
    List<String> seen = new ArrayList<>();
    Page<Organisation> page = organisations.list(PageRequest.first(2));
    int pages = 1;
    while (true) {
      page.items().forEach(o -> seen.add(o.id().value()));
      if (!page.hasMore()) {
        break;
      }
      page = organisations.list(new PageRequest(page.nextCursor(), 2));
      pages++;
    }
    assertThat(seen).containsExactly("a1", "b1", "c1", "d1", "e1");
    assertThat(pages).isEqualTo(3);
    String cursor = organisations.list(PageRequest.first(1)).nextCursor();
    fixture.actAs(StoreFixture.staff("other-tenant", Role.TENANT_ADMIN));
    assertThat(code(() -> organisations.list(new PageRequest(cursor, 1))))
        .isEqualTo(ErrorCode.INVALID_CURSOR);
  }

  @Test
  void anotherTenantsOrganisationIsNotFoundAndOnlyTenantAdminsManage() {
    create("mine", null);
    fixture.actAs(StoreFixture.staff("other-tenant", Role.TENANT_ADMIN));
    assertThatThrownBy(() -> organisations.get(id("mine"))).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> organisations.suspend(id("mine")))
        .isInstanceOf(NotFoundException.class);
    assertThat(organisations.list(PageRequest.first()).items()).isEmpty();
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    assertThatThrownBy(() -> organisations.suspend(id("mine")))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void twoMovesRacingIntoACycleLeaveNoCycle() throws Exception {
    asAdmin();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 15; i++) {
        OrganisationId x = create("x-" + i, null).id();
        OrganisationId y = create("y-" + i, null).id();
        var barrier = new java.util.concurrent.CyclicBarrier(2);
        var first = pool.submit(() -> moveAfter(barrier, x, y));
        var second = pool.submit(() -> moveAfter(barrier, y, x));
        first.get();
        second.get();
        OrganisationTree tree =
            OrganisationRepository.of(fixture.collections, new TenantId(T)).tree();
        assertThat(tree.cycleAbove(x)).as("round %d", i).isFalse();
        assertThat(tree.cycleAbove(y)).as("round %d", i).isFalse();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fixture.collections.auditIntents().countDocuments()).isZero();
  }

  /** Moves {@code id} below {@code parent} once {@code barrier} opens; a refusal is an answer. */
  private Object moveAfter(
      java.util.concurrent.CyclicBarrier barrier, OrganisationId id, OrganisationId parent)
      throws Exception {
    barrier.await();
    try {
      return organisations.move(id, Optional.of(parent));
    } catch (RecordsException e) {
      return e.errorCode();
    }
  }
}
