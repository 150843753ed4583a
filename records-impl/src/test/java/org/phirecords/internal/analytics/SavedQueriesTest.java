package org.phirecords.internal.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.AnalyticsQuery;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.Patient;
import org.phirecords.model.SavedQuery;
import org.phirecords.model.SavedQueryId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/**
 * Saved analytics queries and the tenant admin's rebuild (ADR 45): models checked as queries are,
 * tenant scoped, every change audited.
 */
class SavedQueriesTest {
  static final String T = "saved-a";

  final StoreFixture fixture = new StoreFixture();
  final MongoSavedQueries saved =
      fixture.intercepted(new MongoSavedQueries(fixture.operations, fixture.config));

  @AfterEach
  void close() {
    fixture.close();
  }

  @BeforeEach
  void asAnalyst() {
    fixture.actAs(StoreFixture.staff(T, Role.ANALYST));
  }

  static AnalyticsQuery byMonth(String... dimensions) {
    return new AnalyticsQuery(
        "entries",
        List.of(dimensions),
        LocalDate.of(2024, 1, 1),
        LocalDate.of(2025, 12, 31),
        List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", null)),
        List.of(),
        "HOPERAT");
  }

  List<Document> events(String action) {
    return fixture
        .collections
        .forMaintenance(StoredCollection.AUDIT_EVENTS, new TenantId(T))
        .find(
            new Document("resourceType", "ANALYTICS_SAVED_QUERY").append("action", action),
            null,
            null,
            0);
  }

  static ErrorCode code(Throwable e) {
    return ((RecordsException) e).errorCode();
  }

  @Test
  void anAnalystSavesListsChangesAndDeletesQueriesEachChangeAudited() {
    SavedQuery first = saved.save("Diabetes by month", byMonth("month"));
    SavedQuery second = saved.save("All codes (2024-2025)", byMonth("code", "year"));
    assertThat(first.version()).isEqualTo(1);
    assertThat(saved.get(first.id()).query()).isEqualTo(byMonth("month"));
    assertThat(saved.list())
        .extracting(SavedQuery::name)
        .containsExactly("All codes (2024-2025)", "Diabetes by month");

    SavedQuery changed = saved.update(first.id(), 1, "Diabetes by sex", byMonth("sex"));
    assertThat(changed.version()).isEqualTo(2);
    assertThat(saved.get(first.id()).query().dimensions()).containsExactly("sex");
    saved.delete(second.id());
    assertThatThrownBy(() -> saved.get(second.id()))
        .extracting(SavedQueriesTest::code)
        .isEqualTo(ErrorCode.SAVED_QUERY_NOT_FOUND);
    assertThat(saved.list()).extracting(SavedQuery::id).containsExactly(first.id());

    assertThat(events("CREATE"))
        .as("each create announced, then concluded")
        .filteredOn(e -> "SUCCESS".equals(e.get("outcome")))
        .hasSize(2);
    assertThat(events("UPDATE"))
        .extracting(e -> e.getString("resourceId"))
        .contains(first.id().value());
    assertThat(events("DELETE"))
        .extracting(e -> e.getString("resourceId"))
        .contains(second.id().value());
    assertThat(events("READ")).isNotEmpty();
    assertThat(events("CREATE"))
        .as("no name or model in the trail")
        .allSatisfy(e -> assertThat(e.toJson()).doesNotContain("Diabetes", "E11.9"));
  }

  @Test
  void modelsAQueryWouldRefuseNamesOfAnotherFormAndStaleVersionsChangeNothing() {
    assertThatThrownBy(() -> saved.save("Bad", byMonth("surname")))
        .extracting(SavedQueriesTest::code)
        .isEqualTo(ErrorCode.ANALYTICS_DIMENSION);
    assertThatThrownBy(() -> saved.save("Bad", byMonth("a", "b", "c", "d")))
        .extracting(SavedQueriesTest::code)
        .isIn(ErrorCode.ANALYTICS_TOO_MANY, ErrorCode.ANALYTICS_DIMENSION);
    for (String name : List.of("", " ", "x".repeat(81), "<script>", "a\nb", "{\"$gt\":1}")) {
      assertThatThrownBy(() -> saved.save(name, byMonth("month")))
          .extracting(SavedQueriesTest::code)
          .isEqualTo(ErrorCode.SAVED_QUERY_NAME);
    }
    SavedQuery kept = saved.save("Kept", byMonth("month"));
    assertThatThrownBy(() -> saved.save("Kept", byMonth("year")))
        .extracting(SavedQueriesTest::code)
        .isEqualTo(ErrorCode.SAVED_QUERY_NAME_TAKEN);
    assertThatThrownBy(() -> saved.update(kept.id(), 7, "Kept", byMonth("year")))
        .extracting(SavedQueriesTest::code)
        .isEqualTo(ErrorCode.VERSION_CONFLICT);
    assertThatThrownBy(() -> saved.update(kept.id(), 1, "Kept", byMonth("name")))
        .extracting(SavedQueriesTest::code)
        .isEqualTo(ErrorCode.ANALYTICS_DIMENSION);
    assertThat(saved.list()).singleElement().isEqualTo(kept);
  }

  @Test
  void anotherTenantsAnalystFindsNothingAndOtherRolesAreRefused() {
    SavedQuery mine = saved.save("Mine", byMonth("month"));
    fixture.actAs(StoreFixture.staff("saved-b", Role.ANALYST));
    assertThat(saved.list()).isEmpty();
    for (Runnable call :
        List.<Runnable>of(
            () -> saved.get(mine.id()),
            () -> saved.update(mine.id(), 1, "Theirs", byMonth("month")),
            () -> saved.delete(mine.id()))) {
      assertThatThrownBy(call::run)
          .extracting(SavedQueriesTest::code)
          .isEqualTo(ErrorCode.SAVED_QUERY_NOT_FOUND);
    }
    for (Role role : List.of(Role.PHYSICIAN, Role.PRIVACY_OFFICER, Role.TENANT_ADMIN)) {
      fixture.actAs(StoreFixture.staff(T, role));
      assertThatThrownBy(saved::list).isInstanceOf(RecordsException.class);
      assertThatThrownBy(() -> saved.save("Other", byMonth("month")))
          .isInstanceOf(RecordsException.class);
    }
    asAnalyst();
    assertThat(saved.get(mine.id())).isEqualTo(mine);
    assertThatThrownBy(() -> saved.get(new SavedQueryId("AAAAAAAAAAAAAAAAAAAAAA")))
        .extracting(SavedQueriesTest::code)
        .isEqualTo(ErrorCode.SAVED_QUERY_NOT_FOUND);
  }

  @Test
  void theTenantAdminRunsTheRebuildInBoundedResumableCallsAndAnalystsCannot() {
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    var directory = fixture.directory();
    var clinical = fixture.clinical();
    for (int i = 0; i < 3; i++) {
      Patient p = directory.create(People.synthetic());
      clinical.create(
          p.id(),
          new ClinicalData(
              EntryType.CONDITION,
              List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", null)),
              LocalDate.of(2025, 3, 1),
              "active",
              null,
              null));
    }
    MongoAnalytics analytics =
        fixture.intercepted(
            new MongoAnalytics(
                fixture.operations,
                fixture.config,
                new ProjectionRebuild(fixture.collections, fixture.protection, fixture.audit)));
    fixture.actAs(StoreFixture.staff(T, Role.TENANT_ADMIN));
    assertThat(analytics.rebuild(false, 1)).isEqualTo(3);
    assertThat(analytics.rebuild(false, 1)).as("complete").isZero();
    assertThat(analytics.rebuild(true, 100)).as("restarted").isEqualTo(3);
    assertThatThrownBy(() -> analytics.rebuild(false, 101)).isInstanceOf(RecordsException.class);
    assertThatThrownBy(() -> analytics.rebuild(false, 0)).isInstanceOf(RecordsException.class);
    assertThat(
            fixture
                .collections
                .forMaintenance(StoredCollection.AUDIT_EVENTS, new TenantId(T))
                .count(
                    new Document("resourceType", "ANALYTICS_PROJECTION")
                        .append("outcome", "SUCCESS")))
        .isEqualTo(3);
    for (Role role : List.of(Role.ANALYST, Role.PHYSICIAN, Role.PRIVACY_OFFICER)) {
      fixture.actAs(StoreFixture.staff(T, role));
      assertThatThrownBy(() -> analytics.rebuild(true, 1)).isInstanceOf(RecordsException.class);
    }
  }
}
