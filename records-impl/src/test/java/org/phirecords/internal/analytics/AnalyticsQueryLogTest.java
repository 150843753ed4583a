package org.phirecords.internal.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.chain.AuditRetention;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.AnalyticsQuery;
import org.phirecords.model.AnalyticsResult;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/** The analytics query log (ADR 43, 45): one id per query, kept as long as the audit trail. */
class AnalyticsQueryLogTest {
  static final String T = "analytics-log";

  final StoreFixture fixture = new StoreFixture();
  final MongoAnalytics analytics = fixture.analytics(fixture.config);

  @AfterEach
  void close() {
    fixture.close();
  }

  AnalyticsResult run() {
    fixture.actAs(StoreFixture.staff(T, Role.ANALYST));
    return analytics.query(
        new AnalyticsQuery(
            "entries",
            List.of("month"),
            LocalDate.of(2024, 1, 1),
            LocalDate.of(2025, 12, 31),
            List.of(),
            List.of(),
            "HOPERAT"));
  }

  long stored() {
    return fixture
        .collections
        .forMaintenance(StoredCollection.ANALYTICS_QUERIES, new TenantId(T))
        .count(new Document());
  }

  @Test
  void theAnswersQueryIdIsTheListedIdAndTheAuditEventsResource() {
    String first = run().queryId();
    String second = run().queryId();
    assertThat(first).isNotEqualTo(second);
    fixture.actAs(StoreFixture.staff(T, Role.PRIVACY_OFFICER));
    assertThat(analytics.queries(null, null, 10).stream().map(q -> q.queryId()))
        .containsExactly(second, first);
    assertThat(
            fixture
                .collections
                .forMaintenance(StoredCollection.AUDIT_EVENTS, new TenantId(T))
                .find(
                    new Document("resourceType", ResourceType.ANALYTICS_QUERY.name())
                        .append("action", "SEARCH"),
                    null,
                    null,
                    0)
                .stream()
                .map(e -> e.getString("resourceId")))
        .containsExactlyInAnyOrder(first, second);
  }

  @Test
  void theRetentionPurgeRemovesQueriesOnlyOnceBeyondTheTrailsRetention() {
    run();
    run();
    assertThat(retention(Duration.ofDays(365 * 5)).purge(T)).isZero();
    assertThat(stored()).isEqualTo(2);
    retention(Duration.ofDays(365 * 7)).purge(T);
    assertThat(stored()).isZero();
  }

  AuditRetention retention(Duration later) {
    return new AuditRetention(
        fixture.collections,
        fixture.audit,
        fixture.config,
        Clock.offset(Clock.system(ZoneOffset.UTC), later));
  }
}
