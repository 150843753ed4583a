package org.phirecords.it.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Starts the stores once per test JVM, before Arquillian boots Payara (register it before {@code
 * ArquillianExtension}). {@code it.store=embedded} uses mongo-java-server; {@code it.store=mongodb}
 * uses real MongoDB through Testcontainers and skips the suite, visibly, where no Docker engine is
 * available.
 */
public final class Stores implements ExecutionCondition, BeforeAllCallback {
  private static StoreBackend backend;
  private static MongoClient data;
  private static MongoClient audit;

  private static boolean realMongo() {
    return "mongodb".equals(System.getProperty("it.store", "embedded"));
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (realMongo() && !DockerClientFactory.instance().isDockerAvailable()) {
      String reason =
          "SKIPPED: no Docker engine here, so the suite cannot run against a real MongoDB"
              + " (it ran against the embedded MongoDB-wire server instead)";
      System.err.println("[it-tests] " + context.getDisplayName() + ": " + reason);
      return ConditionEvaluationResult.disabled(reason);
    }
    return ConditionEvaluationResult.enabled("store: " + System.getProperty("it.store"));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws java.io.IOException {
    java.nio.file.Files.createDirectories(Path.of(System.getProperty("it.payara.logs")));
    backend();
  }

  /** The running backend. */
  public static synchronized StoreBackend backend() {
    if (backend == null) {
      deleteCheckpoints();
      int dataPort = Integer.parseInt(System.getProperty("it.data.port"));
      int auditPort = Integer.parseInt(System.getProperty("it.audit.port"));
      backend =
          realMongo()
              ? new ContainerBackend(dataPort, auditPort)
              : new EmbeddedBackend(
                  Path.of(System.getProperty("it.store.dir")), dataPort, auditPort);
      Runtime.getRuntime().addShutdownHook(new Thread(Stores::close));
    }
    return backend;
  }

  /**
   * The audit chain checkpoints of the stores' previous life would not match fresh stores; the
   * command shapes recorded then are not this run's.
   */
  private static void deleteCheckpoints() {
    for (String property : new String[] {"it.audit.checkpoints", "it.command.shapes"}) {
      deleteIfSet(System.getProperty(property));
    }
  }

  private static void deleteIfSet(String file) {
    if (file != null) {
      try {
        java.nio.file.Files.deleteIfExists(Path.of(file));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** The file the instances write audit chain checkpoints to (it.audit.checkpoints). */
  public static Path checkpoints() {
    return Path.of(System.getProperty("it.audit.checkpoints"));
  }

  /** A plain driver client on the data store: no module code, as an operator would look. */
  public static synchronized MongoClient data() {
    if (data == null) {
      data = MongoClients.create(backend().dataUri() + "/?serverSelectionTimeoutMS=3000");
    }
    return data;
  }

  /** A plain driver client on the audit store. */
  public static synchronized MongoClient audit() {
    if (audit == null) {
      audit = MongoClients.create(backend().auditUri() + "/?serverSelectionTimeoutMS=3000");
    }
    return audit;
  }

  /**
   * Every document of every collection of {@code databases} on {@code client}, as canonical JSON by
   * collection ({@code db.collection}), in {@code _id} order: equal snapshots mean nothing was
   * added, changed or removed.
   */
  public static java.util.Map<String, java.util.List<String>> snapshot(
      MongoClient client, String... databases) {
    java.util.Map<String, java.util.List<String>> all = new java.util.TreeMap<>();
    for (String db : databases) {
      for (String coll : client.getDatabase(db).listCollectionNames()) {
        java.util.List<String> docs = new java.util.ArrayList<>();
        client
            .getDatabase(db)
            .getCollection(coll)
            .find()
            .sort(new org.bson.Document("_id", 1))
            .forEach(d -> docs.add(d.toJson()));
        all.put(db + "." + coll, docs);
      }
    }
    return all;
  }

  private static synchronized void close() {
    if (data != null) {
      data.close();
    }
    if (audit != null) {
      audit.close();
    }
    backend.close();
  }
}
