package org.phirecords.internal.meter;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meter on a real driver and an embedded store: counts, per-request tallies, shapes. */
class CommandMeterTest {
  private final MongoServer server = new MongoServer(new MemoryBackend());
  private final List<CommandShape> shapes = new CopyOnWriteArrayList<>();
  private final CommandMeter meter = new CommandMeter(shapes::add, "tenantId");
  private final MongoClient client;
  private final MongoCollection<Document> patients;

  CommandMeterTest() {
    InetSocketAddress at = server.bind();
    client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(
                    new ConnectionString("mongodb://" + at.getHostString() + ":" + at.getPort()))
                .addCommandListener(meter)
                .build());
    patients = client.getDatabase("meter").getCollection("patients");
  }

  @AfterEach
  void close() {
    RequestTally.end();
    client.close();
    server.shutdownNow();
  }

  @Test
  void countsCommandsByKindAndCollection() {
    patients.insertOne(new Document("tenantId", "t").append("patientId", "p"));
    patients.find(eq("patientId", "p")).first();
    patients.updateOne(eq("patientId", "p"), Updates.set("x", 1));

    assertThat(meter.commands(CommandKind.WRITE, "patients")).isEqualTo(2);
    assertThat(meter.commands(CommandKind.READ, "patients")).isEqualTo(1);
    assertThat(meter.commands(CommandKind.READ)).isEqualTo(1);
    assertThat(meter.byCollection()).containsKey("patients");
  }

  @Test
  void aRequestCountsItsOwnCommandsAndTheAcknowledgedWritesItWaitedOn() {
    RequestTally.begin();
    patients.find(eq("patientId", "p")).first();
    patients.insertOne(new Document("tenantId", "t"));
    patients.withWriteConcern(WriteConcern.UNACKNOWLEDGED).insertOne(new Document("tenantId", "t"));
    RequestTally tally = RequestTally.end();
    meter.requestEnded(tally);

    assertThat(tally.commands(CommandKind.READ)).isEqualTo(1);
    assertThat(tally.commands(CommandKind.WRITE)).isEqualTo(2);
    // The unacknowledged insert is not waited on.
    assertThat(tally.sequentialWrites()).isEqualTo(1);
    assertThat(tally.sharedWrites()).isZero();
    assertThat(meter.requests()).isEqualTo(1);
    assertThat(meter.requestSequentialWrites()).isEqualTo(1);
    assertThat(RequestTally.current()).isNull();
  }

  @Test
  void aBatchWrittenForWaitingRequestsCountsOnceAndIsSharedByEach() throws Exception {
    RequestTally waiting = new RequestTally();
    Thread other =
        new Thread(
            () -> {
              RequestTally writer = RequestTally.begin();
              try (RequestTally.Scope s = RequestTally.writingFor(List.of(waiting, writer))) {
                patients.insertMany(
                    List.of(new Document("tenantId", "t"), new Document("tenantId", "t")));
                patients.updateOne(eq("tenantId", "t"), Updates.set("head", 2));
              }
              meter.requestEnded(RequestTally.end());
            });
    other.start();
    other.join();
    meter.requestEnded(waiting);

    assertThat(meter.commands(CommandKind.WRITE)).isEqualTo(2);
    assertThat(waiting.commands(CommandKind.WRITE)).isZero(); // not on its thread
    assertThat(waiting.sequentialWrites()).isEqualTo(2);
    assertThat(waiting.sharedWrites()).isEqualTo(2);
    assertThat(meter.requestSequentialWrites()).isEqualTo(4);
    assertThat(meter.requestSharedWrites()).isEqualTo(4);
    assertThat(meter.requestCommands(CommandKind.WRITE)).isEqualTo(2);
    assertThat(meter.sharedWrites()).isEqualTo(2);
    assertThat(meter.sharedWriteRequests()).isEqualTo(4);
  }

  @Test
  void aBatchForOneRequestIsItsOwnWriteNotAShare() {
    RequestTally own = RequestTally.begin();
    try (RequestTally.Scope s = RequestTally.writingFor(List.of(own))) {
      patients.insertOne(new Document("tenantId", "t"));
    }
    assertThat(own.sequentialWrites()).isEqualTo(1);
    assertThat(own.sharedWrites()).isZero();
    assertThat(meter.sharedWrites()).isZero();
  }

  @Test
  void shapesTellWhetherEachFilterPinsTheTenant() {
    patients.insertOne(new Document("tenantId", "t").append("patientId", "p"));
    patients.find(and(eq("tenantId", "t"), eq("patientId", "p"))).first();
    patients.find(eq("patientId", "p")).first();
    patients.find(in("tenantId", "t", "u")).first();
    patients.updateMany(eq("tenantId", "t"), Updates.set("x", 1));
    patients.deleteMany(eq("patientId", "q"));
    patients.aggregate(List.of(Aggregates.match(eq("tenantId", "t")))).into(new ArrayList<>());
    patients.countDocuments(eq("tenantId", "t"));
    patients.insertOne(new Document("patientId", "no-tenant"));

    assertThat(shapes.stream().map(CommandShape::line))
        .containsExactly(
            "patients insert pinned [documents]",
            "patients find pinned [patientId,tenantId]",
            "patients find unpinned [patientId]",
            "patients find unpinned [tenantId]",
            "patients update pinned [tenantId]",
            "patients delete unpinned [patientId]",
            "patients aggregate pinned [tenantId]",
            "patients aggregate pinned [tenantId]",
            "patients insert unpinned [documents]");
  }
}
