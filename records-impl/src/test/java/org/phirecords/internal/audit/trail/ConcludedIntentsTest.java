package org.phirecords.internal.audit.trail;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ConcludedIntentsTest {
  private final MongoServer server = new MongoServer(new MemoryBackend());
  private final AtomicInteger deletes = new AtomicInteger();
  private final MongoClient client = client(server.bind());
  private final MongoCollection<Document> intents =
      client.getDatabase("phi_audit").getCollection("audit_intents");

  @AfterEach
  void close() {
    client.close();
    server.shutdownNow();
  }

  private MongoClient client(InetSocketAddress at) {
    return MongoClients.create(
        MongoClientSettings.builder()
            .applyConnectionString(
                new ConnectionString("mongodb://" + at.getHostString() + ":" + at.getPort()))
            .addCommandListener(
                new CommandListener() {
                  @Override
                  public void commandStarted(CommandStartedEvent event) {
                    if (event.getCommandName().equals("delete")) {
                      deletes.incrementAndGet();
                    }
                  }
                })
            .build());
  }

  private String open() {
    String id = java.util.UUID.randomUUID().toString();
    intents.insertOne(new Document("_id", id).append("tenantId", "tenant-a"));
    return id;
  }

  @Test
  void aLoneRequestRemovesItsIntentBeforeItReturns() {
    String kept = open();
    String concluded = open();

    new ConcludedIntents(() -> intents).remove(concluded);

    assertThat(intents.find().map(d -> d.getString("_id")).into(new ArrayList<>()))
        .containsExactly(kept);
    assertThat(deletes).hasValue(1);
  }

  @Test
  @Timeout(30) // fails rather than spins if the leader never reaches its delete
  void requestsConcludingWhileARemovalIsUnderWayShareTheNextDelete() throws Exception {
    CountDownLatch othersQueued = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    Supplier<MongoCollection<Document>> firstDeleteWaits =
        () -> {
          if (calls.getAndIncrement() == 0) {
            await(othersQueued);
          }
          return intents;
        };
    ConcludedIntents concluded = new ConcludedIntents(firstDeleteWaits);
    String first = open();
    List<String> others = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      others.add(open());
    }

    Thread leader = new Thread(() -> concluded.remove(first));
    leader.start();
    while (calls.get() == 0) {
      Thread.onSpinWait(); // the leader has taken its batch and is about to delete it
    }
    // Each of the others finds the removal under way and returns at once, its intent queued.
    for (String id : others) {
      concluded.remove(id);
    }
    assertThat(intents.countDocuments()).isEqualTo(11);
    othersQueued.countDown();
    leader.join(10_000);

    assertThat(intents.countDocuments()).isZero();
    assertThat(deletes).as("the leader's own delete, then one for the ten others").hasValue(2);
  }

  @Test
  void aFailedDeleteFailsNoConclusionAndBlocksNoLaterRemoval() {
    MongoServer gone = new MongoServer(new MemoryBackend());
    InetSocketAddress at = gone.bind();
    gone.shutdownNow();
    try (MongoClient unreachable =
        MongoClients.create(
            "mongodb://"
                + at.getHostString()
                + ":"
                + at.getPort()
                + "/?serverSelectionTimeoutMS=200")) {
      AtomicReference<MongoCollection<Document>> store =
          new AtomicReference<>(
              unreachable.getDatabase("phi_audit").getCollection("audit_intents"));
      ConcludedIntents concluded = new ConcludedIntents(store::get);

      concluded.remove("intent-1"); // logged, not thrown: the reconciler closes it later

      store.set(intents);
      String id = open();
      concluded.remove(id);
      assertThat(intents.countDocuments()).isZero();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
