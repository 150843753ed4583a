package org.phirecords.internal.audit.chain;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ChainVerification;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;

class AuditRetentionTest {
  private final StoreFixture fixture = new StoreFixture();
  private final Caller caller = StoreFixture.staff("tenant-a", Role.PHYSICIAN);

  @AfterEach
  void close() {
    fixture.close();
  }

  private void record(int n) {
    for (int i = 0; i < n; i++) {
      fixture.audit.record(
          caller, AuditAction.READ, ResourceType.PATIENT, "r", "p", AuditOutcome.SUCCESS, "T.r", 1);
    }
  }

  private AuditRetention at(Duration fromNow) {
    return new AuditRetention(
        fixture.collections,
        fixture.audit,
        new org.phirecords.internal.config.RecordsConfig(new MapConfig()),
        Clock.offset(Clock.system(ZoneOffset.UTC), fromNow));
  }

  private ChainVerification verify() {
    return fixture.audit.verifier().verify("tenant-a", null, null);
  }

  @Test
  void nothingWithinRetentionIsRemoved() {
    record(5);
    assertThat(at(Duration.ZERO).purge("tenant-a")).isZero();
    assertThat(at(Duration.ofDays(365 * 5)).purge("tenant-a")).isZero();
    assertThat(fixture.collections.auditLog().countDocuments(eq("tenantId", "tenant-a")))
        .isEqualTo(5);
  }

  @Test
  void eventsBeyondRetentionGoAndTheRestStillVerifies() {
    record(5);
    AuditRetention sevenYearsLater = at(Duration.ofDays(365 * 7));
    assertThat(sevenYearsLater.years("tenant-a")).isEqualTo(6);
    assertThat(sevenYearsLater.purge("tenant-a")).isEqualTo(5);
    assertThat(verify().valid()).isTrue();
    record(3); // the chain goes on after the anchor
    ChainVerification after = verify();
    assertThat(after.valid()).as(after.toString()).isTrue();
    assertThat(after.checked()).isEqualTo(3);
    assertThat(after.lastSeq()).isEqualTo(8);
  }

  @Test
  void aTenantKeepsLongerIfItSaysSoAndAForgedAnchorIsReported() {
    fixture
        .collections
        .tenantRegistry()
        .insertOne(
            new Document("_id", "tenant-a")
                .append("status", "ACTIVE")
                .append("auditRetentionYears", 10));
    record(4);
    assertThat(at(Duration.ofDays(365 * 7)).purge("tenant-a")).isZero();
    assertThat(at(Duration.ofDays(365 * 11)).purge("tenant-a")).isEqualTo(4);
    fixture.collections.auditAnchors().updateOne(eq("_id", "tenant-a"), Updates.set("seq", 2L));
    assertThat(verify().problem()).isEqualTo("ANCHOR_ALTERED");
  }
}
