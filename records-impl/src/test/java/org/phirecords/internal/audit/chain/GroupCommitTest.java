package org.phirecords.internal.audit.chain;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.AdditionalAnswers;
import org.mockito.Mockito;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ChainVerification;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.store.MongoStores;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.security.Role;

/**
 * One group commit across all tenants' chains, a blocking hand-off between waiting callers, and
 * chain heads moved after the callers are told (ADR 31): the chains stay verifiable, and a crash
 * between the insert and the head move is repaired by the next writer.
 */
class GroupCommitTest {
  private static final Duration NEVER = Duration.ofHours(1);

  private final StoreFixture fixture = new StoreFixture();
  private final MongoCollection<Document> log = fixture.collections.auditLog();
  private final MongoCollection<Document> heads = fixture.collections.auditHeads();

  @AfterEach
  void close() {
    fixture.close();
  }

  private static Document event(String tenant, int i) {
    return new Document("_id", java.util.UUID.randomUUID().toString())
        .append("tenantId", tenant)
        .append("occurredAt", new java.util.Date())
        .append("subject", "user-" + i)
        .append("action", "READ")
        .append("operation", "Test.read");
  }

  private ChainVerification verify(String chain) {
    return new AuditChainVerifier(log, heads, StoreFixture.CHAIN_KEY).verify(chain, null, null);
  }

  private long headSeq(String chain) {
    Document head = heads.find(eq("_id", chain)).first();
    return head == null ? -1 : head.get("seq", Number.class).longValue();
  }

  /**
   * A trail whose first insert waits until released, then is stored, or fails with {@code failure}:
   * callers queue behind it meanwhile. Records each insert's size.
   */
  private final class HeldInsert {
    final CountDownLatch inserting = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<Integer> insertSizes = new CopyOnWriteArrayList<>();
    private final RuntimeException failure;

    HeldInsert(RuntimeException failure) {
      this.failure = failure;
    }

    AuditChainWriter writer() {
      @SuppressWarnings("unchecked")
      MongoCollection<Document> events =
          mock(MongoCollection.class, AdditionalAnswers.delegatesTo(log));
      doAnswer(
              call -> {
                List<Document> docs = call.getArgument(0);
                insertSizes.add(docs.size());
                if (insertSizes.size() == 1) {
                  inserting.countDown();
                  assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                  if (failure != null) {
                    throw failure;
                  }
                }
                return log.insertMany(docs, call.<InsertManyOptions>getArgument(1));
              })
          .when(events)
          .insertMany(anyList(), any(InsertManyOptions.class));
      return new AuditChainWriter(events, heads, StoreFixture.CHAIN_KEY, null, NEVER);
    }
  }

  @Test
  void eventsOfSeveralTenantsWaitingBehindABatchGoInOneInsert() throws Exception {
    HeldInsert held = new HeldInsert(null);
    AuditChainWriter writer = held.writer();
    ExecutorService callers = Executors.newFixedThreadPool(7);
    try {
      Future<Document> first = callers.submit(() -> writer.append(event("tenant-a", 0)));
      assertThat(held.inserting.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<Document>> waiting = new ArrayList<>();
      for (int i = 1; i < 7; i++) {
        String tenant = List.of("tenant-a", "tenant-b", "tenant-c").get(i % 3);
        int n = i;
        waiting.add(callers.submit(() -> writer.append(event(tenant, n))));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (waitingThreads(callers) < 6 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      held.release.countDown();
      first.get(10, TimeUnit.SECONDS);
      for (Future<Document> f : waiting) {
        assertThat(f.get(10, TimeUnit.SECONDS).getLong("seq")).isPositive();
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(held.insertSizes)
        .as("the first event, then all six of three tenants in one insert")
        .containsExactly(1, 6);
    writer.settleHeads();
    for (String tenant : List.of("tenant-a", "tenant-b", "tenant-c")) {
      ChainVerification chain = verify(tenant);
      assertThat(chain.valid()).as(chain.toString()).isTrue();
      assertThat(headSeq(tenant)).isEqualTo(chain.lastSeq());
    }
  }

  @Test
  void whenABatchFindsTheStoreUnreachableTheEventsQueuedBehindItFailAtOnce() throws Exception {
    HeldInsert held =
        new HeldInsert(new MongoTimeoutException("no server within the selection timeout"));
    AuditChainWriter writer = held.writer();
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      Future<Document> first = callers.submit(() -> writer.append(event("tenant-a", 0)));
      assertThat(held.inserting.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<Document>> waiting = new ArrayList<>();
      for (int i = 1; i < 4; i++) {
        int n = i;
        waiting.add(callers.submit(() -> writer.append(event("tenant-b", n))));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (waitingThreads(callers) < 3 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      held.release.countDown();
      for (Future<Document> f :
          java.util.stream.Stream.concat(java.util.stream.Stream.of(first), waiting.stream())
              .toList()) {
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
            .hasCauseInstanceOf(MongoTimeoutException.class);
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(held.insertSizes).as("no second attempt for the queued events").containsExactly(1);
    writer.append(event("tenant-b", 9));
    assertThat(verify("tenant-b").checked()).as("the store is back: written").isEqualTo(1);
  }

  /** How many of the pool's callers wait in {@code append} (blocked, not spinning). */
  private static int waitingThreads(ExecutorService ignored) {
    int n = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      for (StackTraceElement frame : t.getStackTrace()) {
        if (frame.getMethodName().equals("append")
            && frame.getClassName().equals(AuditChainWriter.class.getName())
            && (t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING)) {
          n++;
          break;
        }
      }
    }
    return n - 1; // the first caller, waiting in the held insert
  }

  @Test
  void headsMoveAfterTheCallersAreToldOnceForManyEventsAndTheChainVerifiesMeanwhile() {
    AuditChainWriter writer = new AuditChainWriter(log, heads, StoreFixture.CHAIN_KEY, null, NEVER);
    writer.append(event("tenant-a", 0));
    assertThat(headSeq("tenant-a")).as("a new chain gets its head at once").isEqualTo(1);
    for (int i = 1; i < 10; i++) {
      writer.append(event("tenant-a", i));
    }
    assertThat(headSeq("tenant-a")).as("then heads wait for the lag").isEqualTo(1);
    ChainVerification lagging = verify("tenant-a");
    assertThat(lagging.valid()).as(lagging.toString()).isTrue();
    assertThat(lagging.checked()).isEqualTo(10);

    writer.settleHeads();
    assertThat(headSeq("tenant-a")).isEqualTo(10);
    log.deleteOne(eq("seq", 10L));
    assertThat(verify("tenant-a").problem()).isEqualTo("TRUNCATED");
  }

  @Test
  void aCrashBetweenTheInsertAndTheHeadMoveIsRepairedByTheNextWriter() {
    AuditTrail crashed =
        new AuditTrail(
            fixture.collections,
            fixture.events,
            ChainSettings.of(StoreFixture.CHAIN_KEY).withHeadLag(NEVER));
    ChainTests.record(crashed, 6);
    assertThat(headSeq("tenant-a")).as("the process dies before the head moves").isEqualTo(1);

    // Another instance (or this one restarted): its own client and writer on the same store.
    MongoStores otherStores = new MongoStores(fixture.config);
    try {
      AuditTrail restarted =
          new AuditTrail(
              new TenantCollections(otherStores),
              Mockito.mock(jakarta.enterprise.event.Event.class),
              ChainSettings.of(StoreFixture.CHAIN_KEY));
      assertThat(verify("tenant-a").valid()).as("valid while the head lags").isTrue();
      restarted.record(
          StoreFixture.staff("tenant-a", Role.PHYSICIAN),
          AuditAction.READ,
          ResourceType.PATIENT,
          "r",
          null,
          AuditOutcome.SUCCESS,
          "Test.read",
          1);
    } finally {
      otherStores.close();
    }
    assertThat(headSeq("tenant-a")).isEqualTo(7);
    ChainVerification chain = verify("tenant-a");
    assertThat(chain.valid()).as(chain.toString()).isTrue();
    assertThat(chain.checked()).isEqualTo(7);
  }
}
