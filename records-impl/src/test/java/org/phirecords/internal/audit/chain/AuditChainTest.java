package org.phirecords.internal.audit.chain;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ChainCheckpoint;
import org.phirecords.audit.ChainVerification;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.store.MongoStores;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;

class AuditChainTest {
  private final StoreFixture fixture = new StoreFixture();
  private final Caller caller = StoreFixture.staff("tenant-a", Role.PHYSICIAN);
  private final MongoCollection<Document> log = fixture.collections.auditLog();

  @AfterEach
  void close() {
    fixture.close();
  }

  private void record(AuditTrail trail, int n) {
    record(trail, caller, n);
  }

  private static void record(AuditTrail trail, Caller caller, int n) {
    for (int i = 0; i < n; i++) {
      trail.record(
          caller,
          AuditAction.READ,
          ResourceType.PATIENT,
          "r" + i,
          null,
          AuditOutcome.SUCCESS,
          "Test.read",
          1);
    }
  }

  /** {@code threads} writers of {@code each} events at once, taking the instances in turn. */
  private static void writeAtOnce(List<AuditTrail> instances, int threads, int each)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        AuditTrail trail = instances.get(t % instances.size());
        tasks.add(
            () -> {
              ChainTests.record(trail, each);
              return null;
            });
      }
      for (Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private ChainVerification verify() {
    return fixture.audit.verifier().verify("tenant-a", null, null);
  }

  @Test
  void concurrentWritersOfTwoInstancesLeaveOneValidChainWithEveryEvent() throws Exception {
    // A second "instance": its own driver client and writer on the same store.
    MongoStores otherStores = new MongoStores(fixture.config);
    AuditTrail other =
        new AuditTrail(
            new TenantCollections(otherStores),
            Mockito.mock(jakarta.enterprise.event.Event.class),
            StoreFixture.CHAIN_KEY);
    try {
      writeAtOnce(List.of(fixture.audit, other), 16, 40);
    } finally {
      otherStores.close();
    }
    assertThat(log.countDocuments(eq("tenantId", "tenant-a"))).isEqualTo(640);
    ChainVerification result = verify();
    assertThat(result.valid()).as(result.toString()).isTrue();
    assertThat(result.checked()).isEqualTo(640);
    assertThat(result.lastSeq()).isEqualTo(640);
  }

  @Test
  void everyCheckpointOfTwoInstancesWritingAtOnceSealsALinkOfTheChain() throws Exception {
    List<ChainCheckpoint> kept = new CopyOnWriteArrayList<>();
    MongoStores otherStores = new MongoStores(fixture.config);
    List<AuditTrail> instances = new ArrayList<>();
    for (TenantCollections collections :
        List.of(fixture.collections, new TenantCollections(otherStores))) {
      ChainCheckpoints checkpoints =
          new ChainCheckpoints(StoreFixture.CHAIN_KEY, Duration.ZERO, Clock.systemUTC(), kept::add);
      instances.add(
          new AuditTrail(
              collections,
              fixture.events,
              new ChainSettings(ChainKeys.of(StoreFixture.CHAIN_KEY), checkpoints, List.of())));
    }
    try {
      writeAtOnce(instances, 8, 25);
    } finally {
      otherStores.close();
    }
    assertThat(kept).extracting(ChainCheckpoint::seq).contains(200L);
    ChainVerification result =
        fixture.audit.verifier().withCheckpoints(chain -> kept).verify("tenant-a", null, null);
    assertThat(result.valid()).as(result.toString()).isTrue();
    assertThat(result.checked()).isEqualTo(200);
  }

  @Test
  void anEditedEventIsReported() {
    record(fixture.audit, 10);
    log.updateOne(
        and(eq("tenantId", "tenant-a"), eq("seq", 4L)), Updates.set("subject", "someone-else"));
    assertThat(verify())
        .extracting(ChainVerification::problem, ChainVerification::brokenAt)
        .containsExactly("ALTERED", 4L);
  }

  @Test
  void aDeletedEventIsReported() {
    record(fixture.audit, 10);
    log.deleteOne(and(eq("tenantId", "tenant-a"), eq("seq", 6L)));
    assertThat(verify())
        .extracting(ChainVerification::problem, ChainVerification::brokenAt)
        .containsExactly("MISSING", 6L);
  }

  @Test
  void aForgedEventIsReported() {
    record(fixture.audit, 10);
    Document last = log.find(and(eq("tenantId", "tenant-a"), eq("seq", 10L))).first();
    Document forged = new Document(last);
    forged.put("_id", "forged");
    forged.put("seq", 11L);
    forged.put("prevHash", last.getString("hash"));
    forged.put("subject", "cover-story");
    log.insertOne(forged);
    assertThat(verify())
        .extracting(ChainVerification::problem, ChainVerification::brokenAt)
        .containsExactly("ALTERED", 11L);
  }

  @Test
  void swappedEventsAreReported() {
    record(fixture.audit, 10);
    var three = and(eq("tenantId", "tenant-a"), eq("seq", 3L));
    var four = and(eq("tenantId", "tenant-a"), eq("seq", 4L));
    log.updateOne(three, Updates.set("seq", -3L));
    log.updateOne(four, Updates.set("seq", 3L));
    log.updateOne(and(eq("tenantId", "tenant-a"), eq("seq", -3L)), Updates.set("seq", 4L));
    ChainVerification result = verify();
    assertThat(result.valid()).isFalse();
    assertThat(result.brokenAt()).isEqualTo(3L);
    assertThat(result.problem()).isIn("BROKEN_LINK", "ALTERED");
  }

  @Test
  void truncationAndARewoundHeadAreReported() {
    record(fixture.audit, 10);
    log.deleteOne(and(eq("tenantId", "tenant-a"), eq("seq", 10L)));
    assertThat(verify().problem()).isEqualTo("TRUNCATED");
    fixture.collections.auditHeads().updateOne(eq("_id", "tenant-a"), Updates.set("seq", 9L));
    assertThat(verify().problem()).isEqualTo("HEAD_ALTERED");
  }

  @Test
  void aDeletedHeadIsReported() {
    record(fixture.audit, 3);
    fixture.collections.auditHeads().deleteOne(eq("_id", "tenant-a"));
    assertThat(verify().problem()).isEqualTo("HEAD_MISSING");
  }

  @Test
  void aTimeRangeIsVerifiedFromItsAnchor() throws Exception {
    record(fixture.audit, 5);
    Thread.sleep(20);
    Instant from = Instant.now();
    record(fixture.audit, 5);
    ChainVerification range = fixture.audit.verifier().verify("tenant-a", from, null);
    assertThat(range.valid()).isTrue();
    assertThat(range.checked()).isEqualTo(5);
    log.updateOne(and(eq("tenantId", "tenant-a"), eq("seq", 7L)), Updates.set("outcome", "DENIED"));
    assertThat(fixture.audit.verifier().verify("tenant-a", from, null).brokenAt()).isEqualTo(7L);
  }

  @Test
  void withoutTheKeyTheChainCannotBeRewritten() {
    record(fixture.audit, 3);
    ChainVerification wrongKey =
        new AuditChainVerifier(
                log,
                fixture.collections.auditHeads(),
                ChainKey.of(java.util.HexFormat.of().parseHex("01".repeat(32))))
            .verify("tenant-a", null, null);
    assertThat(wrongKey.valid()).isFalse();
    assertThat(wrongKey.brokenAt()).isEqualTo(1L);
  }

  @Test
  void fieldsRetypedBySomeoneWithDatabaseAccessAreReportedNotThrown() {
    // One chain per damage; verification ran into a ClassCastException (a 500) on each before.
    Map<String, Consumer<String>> damages = new LinkedHashMap<>();
    damages.put("link", chain -> log.updateOne(at(chain, 2), Updates.set("prevHash", 7)));
    damages.put("seal", chain -> log.updateOne(at(chain, 3), Updates.set("hash", List.of())));
    damages.put("head-hash", chain -> heads().updateOne(eq("_id", chain), Updates.set("hash", 1)));
    damages.put("head-seq", chain -> heads().updateOne(eq("_id", chain), Updates.set("seq", "4")));
    damages.put("head-mac", chain -> heads().updateOne(eq("_id", chain), Updates.set("mac", 0)));
    assertThat(reported(damages))
        .containsExactly(
            Map.entry("link", "BROKEN_LINK@2"),
            Map.entry("seal", "ALTERED@3"),
            Map.entry("head-hash", "HEAD_ALTERED@4"),
            Map.entry("head-seq", "HEAD_ALTERED@4"),
            Map.entry("head-mac", "HEAD_ALTERED@4"));
  }

  @Test
  void anEventWhosePositionWasRemovedOrRetypedIsReportedAsMissingWhereItStood() {
    // The walk meets only events whose position reads as one of the chain's: any other is as
    // good as deleted, and is reported where it stood.
    Map<String, Consumer<String>> damages = new LinkedHashMap<>();
    damages.put("removed", chain -> log.updateOne(at(chain, 3), Updates.unset("seq")));
    damages.put("null", chain -> log.updateOne(at(chain, 3), Updates.set("seq", null)));
    damages.put("text", chain -> log.updateOne(at(chain, 3), Updates.set("seq", "3")));
    damages.put("zero", chain -> log.updateOne(at(chain, 3), Updates.set("seq", 0L)));
    damages.put("last", chain -> log.updateOne(at(chain, 4), Updates.set("seq", "4")));
    assertThat(reported(damages))
        .containsExactly(
            Map.entry("removed", "MISSING@3"),
            Map.entry("null", "MISSING@3"),
            Map.entry("text", "MISSING@3"),
            Map.entry("zero", "MISSING@3"),
            Map.entry("last", "TRUNCATED@4"));
  }

  /**
   * What verification reports for each damage, applied to a chain of its own (named by the damage)
   * of four events: the problem and where, as {@code PROBLEM@position}.
   */
  private Map<String, String> reported(Map<String, Consumer<String>> damages) {
    Map<String, String> reported = new LinkedHashMap<>();
    damages.forEach(
        (chain, damage) -> {
          record(fixture.audit, StoreFixture.staff(chain, Role.PHYSICIAN), 4);
          damage.accept(chain);
          ChainVerification result = fixture.audit.verifier().verify(chain, null, null);
          reported.put(chain, result.problem() + "@" + result.brokenAt());
        });
    return reported;
  }

  private MongoCollection<Document> heads() {
    return fixture.collections.auditHeads();
  }

  private static Bson at(String chain, long seq) {
    return and(eq("tenantId", chain), eq("seq", seq));
  }
}
