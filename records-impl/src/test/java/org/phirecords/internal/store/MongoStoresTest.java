package org.phirecords.internal.store;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.config.RecordsConfig.Store;
import org.phirecords.internal.meter.CommandKind;
import org.phirecords.internal.testing.MapConfig;

/** How a store's database is found from the configuration. */
class MongoStoresTest {
  @Test
  void aStoresDatabaseIsResolvedOnFirstUseAndKeptForTheLifeOfTheApplication() {
    MapConfig config =
        new MapConfig()
            .with("records.mongodb.uri", "mongodb://127.0.0.1:1")
            .with("records.mongodb.audit.database", "audit_a");
    MongoStores stores = new MongoStores(new RecordsConfig(config));
    try {
      var first = stores.database(Store.AUDIT);
      assertThat(first.getName()).isEqualTo("audit_a");
      assertThat(stores.database(Store.IDENTITY).getName()).isEqualTo("phi_identity");

      // Read once: a later change takes a restart.
      config.with("records.mongodb.audit.database", "audit_b");
      assertThat(stores.database(Store.AUDIT)).isSameAs(first);
    } finally {
      stores.close();
    }
  }

  @TempDir Path dir;

  /**
   * Sends a find by patient id alone and an insert with a tenant through stores of {@code mode}.
   */
  private MongoStores run(String mode, Path shapes) {
    MongoServer server = new MongoServer(new MemoryBackend());
    var at = server.bind();
    MongoStores stores =
        new MongoStores(
            new RecordsConfig(
                new MapConfig()
                    .with("records.mongodb.uri", "mongodb://127.0.0.1:" + at.getPort())
                    .with("records.mode", mode)
                    .with("records.mongodb.command-shapes", shapes.toString())));
    try {
      var patients = stores.database(Store.IDENTITY).getCollection("patients");
      patients.insertOne(new Document("tenantId", "t").append("patientId", "p"));
      patients.find(eq("patientId", "p")).first();
      return stores;
    } finally {
      stores.close();
      server.shutdownNow();
    }
  }

  @Test
  void everyClientReportsToTheMeterAndDevelopmentRecordsCommandShapes() throws Exception {
    Path shapes = dir.resolve("shapes.txt");
    MongoStores stores = run("development", shapes);

    assertThat(stores.meter().commands(CommandKind.READ, "patients")).isEqualTo(1);
    assertThat(stores.meter().commands(CommandKind.WRITE, "patients")).isEqualTo(1);
    // Names only: the values "t" and "p" never reach the file.
    assertThat(Files.readAllLines(shapes))
        .containsExactly(
            "patients insert pinned [documents]", "patients find unpinned [patientId]");
  }

  @Test
  void theShapesFileIsIgnoredInProduction() {
    Path shapes = dir.resolve("shapes.txt");
    MongoStores stores = run("production", shapes);

    assertThat(stores.meter().commands(CommandKind.READ, "patients")).isEqualTo(1);
    assertThat(shapes).doesNotExist();
  }
}
