package org.phirecords.internal.audit.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.AuditQuery;
import org.phirecords.audit.AuditRecord;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.chain.AuditRetention;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;

/**
 * The privacy officer's queries: each filter narrows to exactly the matching events of the
 * officer's own tenant, and paging with {@code next} returns every match once, in chain order.
 */
class MongoAuditReviewTest {
  private static final Instant T0 = Instant.parse("2024-03-01T08:00:00Z");
  private final StoreFixture fixture = new StoreFixture();
  private final MongoAuditReview review =
      fixture.intercepted(
          new MongoAuditReview(
              fixture.operations,
              fixture.audit,
              new AuditRetention(
                  fixture.collections, fixture.audit, new RecordsConfig(new MapConfig()))));

  @AfterEach
  void close() {
    fixture.close();
  }

  /**
   * Stores an event labelled {@code label} (its resource id), {@code minutes} after T0. The same
   * subjects, patients, actions and times exist in tenant-b, labelled {@code b-...}: none of them
   * may ever answer a query of tenant-a's officer.
   */
  private void event(
      String label,
      String subject,
      AuditAction action,
      AuditOutcome outcome,
      int minutes,
      String patient) {
    for (String tenant : List.of("tenant-a", "tenant-b")) {
      fixture.audit.store(
          new AuditEvent(
              UUID.randomUUID().toString(),
              T0.plus(Duration.ofMinutes(minutes)),
              tenant,
              subject,
              Set.of(Role.PHYSICIAN),
              action,
              ResourceType.PATIENT,
              tenant.equals("tenant-a") ? label : "b-" + label,
              patient,
              outcome,
              PurposeOfUse.TREATMENT,
              "10.0.0.1",
              "PatientDirectory.get",
              1));
    }
  }

  @BeforeEach
  void trail() {
    event("a1", "alice", AuditAction.READ, AuditOutcome.SUCCESS, 1, "p1");
    event("a2", "bob", AuditAction.READ, AuditOutcome.SUCCESS, 2, "p2");
    event("a3", "alice", AuditAction.UPDATE, AuditOutcome.SUCCESS, 3, "p1");
    event("a4", "alice", AuditAction.READ, AuditOutcome.DENIED, 4, null);
    event("a5", "bob", AuditAction.SEARCH, AuditOutcome.SUCCESS, 5, null);
    event("a6", "alice", AuditAction.READ, AuditOutcome.SUCCESS, 6, "p3");
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PRIVACY_OFFICER));
  }

  private static AuditQuery query(
      String patient,
      String subject,
      AuditAction action,
      AuditOutcome outcome,
      Instant from,
      Instant to) {
    return new AuditQuery(patient, subject, action, outcome, from, to);
  }

  /** The labels of the trail's (not the review's own) events a query returns, in order. */
  private List<String> labels(AuditQuery q) {
    Page<AuditRecord> page = review.search(q, PageRequest.first(PageRequest.MAX_LIMIT));
    assertThat(page.items()).allSatisfy(r -> assertThat(r.event().tenant()).isEqualTo("tenant-a"));
    return page.items().stream()
        .filter(r -> r.event().resourceType() == ResourceType.PATIENT)
        .map(r -> r.event().resourceId())
        .toList();
  }

  @Test
  void withoutCriteriaEveryEventOfTheOwnTenantOnly() {
    assertThat(labels(query(null, null, null, null, null, null)))
        .containsExactly("a1", "a2", "a3", "a4", "a5", "a6");
  }

  @Test
  void bySubject() {
    assertThat(labels(query(null, "alice", null, null, null, null)))
        .containsExactly("a1", "a3", "a4", "a6");
    assertThat(labels(query(null, "bob", null, null, null, null))).containsExactly("a2", "a5");
    assertThat(labels(query(null, "mallory", null, null, null, null))).isEmpty();
  }

  @Test
  void byPatient() {
    assertThat(labels(query("p1", null, null, null, null, null))).containsExactly("a1", "a3");
  }

  @Test
  void byAction() {
    assertThat(labels(query(null, null, AuditAction.READ, null, null, null)))
        .containsExactly("a1", "a2", "a4", "a6");
    assertThat(labels(query(null, null, AuditAction.UPDATE, null, null, null)))
        .containsExactly("a3");
  }

  @Test
  void byOutcome() {
    assertThat(labels(query(null, null, null, AuditOutcome.DENIED, null, null)))
        .containsExactly("a4");
    assertThat(labels(query(null, null, null, AuditOutcome.SUCCESS, null, null)))
        .containsExactly("a1", "a2", "a3", "a5", "a6");
  }

  @Test
  void byTimeRangeFromInclusiveToExclusive() {
    Instant from = T0.plus(Duration.ofMinutes(2));
    Instant to = T0.plus(Duration.ofMinutes(5));
    assertThat(labels(query(null, null, null, null, from, to))).containsExactly("a2", "a3", "a4");
    assertThat(labels(query(null, null, null, null, from, null)))
        .containsExactly("a2", "a3", "a4", "a5", "a6");
    assertThat(labels(query(null, null, null, null, null, to)))
        .containsExactly("a1", "a2", "a3", "a4");
  }

  @Test
  void criteriaCombine() {
    assertThat(
            labels(
                query(
                    null,
                    "alice",
                    AuditAction.READ,
                    AuditOutcome.SUCCESS,
                    T0.plus(Duration.ofMinutes(2)),
                    null)))
        .containsExactly("a6");
  }

  @Test
  void pagingWithNextReturnsEveryMatchOnceInChainOrder() {
    for (int limit : List.of(1, 2, 3, 4, 5)) {
      List<String> seen = new ArrayList<>();
      PageRequest request = PageRequest.first(limit);
      int pages = 0;
      while (true) {
        Page<AuditRecord> page =
            review.search(new AuditQuery(null, "alice", null, null, null, null), request);
        assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
        page.items().forEach(r -> seen.add(r.event().resourceId()));
        assertThat(++pages).as("paging ends").isLessThan(10);
        if (page.nextCursor() == null) {
          break;
        }
        assertThat(page.items()).as("a page with a next cursor is full").hasSize(limit);
        assertThat(page.nextCursor()).as("the cursor is opaque").doesNotContainPattern("^[0-9]+$");
        request = request.next(page);
      }
      assertThat(seen).as("limit %d", limit).containsExactly("a1", "a3", "a4", "a6");
    }
  }

  @Test
  void anotherTenantsOfficerSeesOnlyThatTenant() {
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PRIVACY_OFFICER));
    Page<AuditRecord> page =
        review.search(query(null, "alice", null, null, null, null), PageRequest.first());
    assertThat(page.items())
        .extracting(r -> r.event().resourceId())
        .containsExactly("b-a1", "b-a3", "b-a4", "b-a6");
    assertThat(page.items()).allSatisfy(r -> assertThat(r.event().tenant()).isEqualTo("tenant-b"));
  }

  @Test
  void everySearchIsItselfAuditedAndALimitOutOfRangeIsRefused() {
    review.search(query(null, "alice", null, null, null, null), PageRequest.first());
    assertThat(labels(query(null, null, AuditAction.SEARCH, null, null, null)))
        .containsExactly("a5");
    assertThat(
            review
                .search(
                    query(null, null, AuditAction.SEARCH, null, null, null), PageRequest.first())
                .items()
                .stream()
                .filter(r -> r.event().resourceType() == ResourceType.AUDIT_TRAIL)
                .map(r -> r.event().operation()))
        .contains("AuditReview.search");
    AuditQuery all = new AuditQuery(null, null, null, null, null, null);
    assertThatThrownBy(() -> review.search(all, new PageRequest(null, 0)))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> review.search(all, new PageRequest(null, 201)))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void aCursorIsRefusedInAnotherTenantAndInItsOldNumericForm() {
    AuditQuery alice = query(null, "alice", null, null, null, null);
    Page<AuditRecord> first = review.search(alice, PageRequest.first(1));
    assertThat(first.hasMore()).isTrue();
    assertThatThrownBy(() -> review.search(alice, new PageRequest("3", 1)))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_CURSOR);
    fixture.actAs(StoreFixture.staff("tenant-b", Role.PRIVACY_OFFICER));
    assertThatThrownBy(() -> review.search(alice, new PageRequest(first.nextCursor(), 1)))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_CURSOR);
  }

  @Test
  void theExportSaysWhetherMoreEventsFollow() {
    AuditQuery alice = query(null, "alice", null, null, null, null);
    var first = review.exportFhir(alice, PageRequest.first(2));
    assertThat(first.hasMore()).isTrue();
    var rest = review.exportFhir(alice, new PageRequest(first.nextCursor(), 200));
    assertThat(rest.hasMore()).isFalse();
    assertThat(rest.bundle()).contains("AuditEvent");
  }
}
