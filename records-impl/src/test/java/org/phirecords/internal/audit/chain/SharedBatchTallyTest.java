package org.phirecords.internal.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.meter.CommandKind;
import org.phirecords.internal.meter.CommandMeter;
import org.phirecords.internal.meter.RequestTally;

/**
 * The chain writer's group commit is counted once in the store's totals and once for each request
 * that waited on it, as shared.
 */
class SharedBatchTallyTest {
  private final MongoServer server = new MongoServer(new MemoryBackend());
  private final CommandMeter meter = new CommandMeter();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean heldOne = new AtomicBoolean();
  private final MongoClient client;
  private final AuditChainWriter writer;

  SharedBatchTallyTest() {
    InetSocketAddress at = server.bind();
    // Holds the first insert until two more requests have queued their events behind it.
    CommandListener holdFirstInsert =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent e) {
            if (e.getCommandName().equals("insert") && heldOne.compareAndSet(false, true)) {
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
              }
            }
          }
        };
    client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + at.getPort()))
                .addCommandListener(meter)
                .addCommandListener(holdFirstInsert)
                .build());
    MongoDatabase db = client.getDatabase("audit");
    writer =
        new AuditChainWriter(
            db.getCollection("audit_events"),
            db.getCollection("audit_chain_heads"),
            ChainKey.of(new byte[32]));
  }

  @AfterEach
  void close() {
    client.close();
    server.shutdownNow();
  }

  @Test
  void requestsWaitingOnOneBatchEachCountItsWritesOnceAsShared() throws Exception {
    Map<String, RequestTally> tallies = new ConcurrentHashMap<>();
    Thread first = request("first", tallies);
    first.start();
    while (!heldOne.get()) {
      Thread.sleep(5);
    }
    Thread second = request("second", tallies);
    Thread third = request("third", tallies);
    second.start();
    third.start();
    Thread.sleep(300); // both queued behind the held batch
    release.countDown();
    first.join(10_000);
    second.join(10_000);
    third.join(10_000);

    // Two batches: the first request's alone, then the other two together; each an insert and a
    // move of the chain's head.
    assertThat(meter.commands(CommandKind.WRITE, "audit_events")).isEqualTo(2);
    assertThat(meter.commands(CommandKind.WRITE, "audit_chain_heads")).isEqualTo(2);
    assertThat(tallies.get("first").sequentialWrites()).isEqualTo(2);
    assertThat(tallies.get("first").sharedWrites()).isZero();
    for (String waiter : new String[] {"second", "third"}) {
      assertThat(tallies.get(waiter).sequentialWrites()).as(waiter).isEqualTo(2);
      assertThat(tallies.get(waiter).sharedWrites()).as(waiter).isEqualTo(2);
    }
    assertThat(meter.sharedWrites()).isEqualTo(2);
    assertThat(meter.sharedWriteRequests()).isEqualTo(4);
  }

  private Thread request(String name, Map<String, RequestTally> tallies) {
    return new Thread(
        () -> {
          RequestTally.begin();
          writer.append(new Document(ChainLinks.CHAIN, "tenant-a").append("action", name));
          tallies.put(name, RequestTally.end());
        });
  }
}
