package org.phirecords.dev;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The module running locally, as the start command and the benchmarks use it: an embedded
 * MongoDB-wire store (unless a connection string is given) and Payara Micro in a child process with
 * the given WARs, in development mode with development keys kept in a data folder.
 */
public final class LocalModule implements AutoCloseable {
  private final MongoServer store;
  private final Process payara;
  private final int port;
  private final String storeUri;
  private final DevKeys keys;
  private final Path temp;

  /**
   * Starts it.
   *
   * @param data folder for keys, the Payara log and the audit sink file
   * @param runtime folder holding {@code payara-micro.jar}
   * @param wars the WARs to deploy
   * @param port HTTP port of Payara Micro
   * @param backend the embedded store's backend, bound to 127.0.0.1:{@code storePort}; or null to
   *     use {@code externalUri}
   * @param storePort port of the embedded store
   * @param externalUri a MongoDB connection string, used when {@code backend} is null
   * @param heap Payara's maximum heap, e.g. {@code 768m}
   * @param extraEnv further environment of the Payara process
   */
  public LocalModule(
      Path data,
      Path runtime,
      List<Path> wars,
      int port,
      MongoBackend backend,
      int storePort,
      String externalUri,
      String heap,
      Map<String, String> extraEnv)
      throws IOException, java.security.GeneralSecurityException {
    this(
        data,
        runtime,
        wars,
        port,
        backend,
        storePort,
        externalUri,
        heap,
        extraEnv,
        List.of(),
        List.of());
  }

  /**
   * Starts it with further options of the Payara JVM ({@code jvmOptions}, e.g. {@code
   * -Djava.security.properties=...}) and of Payara Micro ({@code microOptions}, e.g. {@code
   * --sslport 8443 --prebootcommandfile tls.asadmin}); the other parameters as above.
   */
  public LocalModule(
      Path data,
      Path runtime,
      List<Path> wars,
      int port,
      MongoBackend backend,
      int storePort,
      String externalUri,
      String heap,
      Map<String, String> extraEnv,
      List<String> jvmOptions,
      List<String> microOptions)
      throws IOException, java.security.GeneralSecurityException {
    this.port = port;
    this.keys = new DevKeys(data);
    if (backend != null) {
      store = new MongoServer(backend);
      store.bind("127.0.0.1", storePort);
      storeUri = "mongodb://127.0.0.1:" + storePort + "/?serverSelectionTimeoutMS=3000";
    } else {
      store = null;
      storeUri = externalUri;
    }
    // Payara Micro unpacks itself (about 370 MB) into the temporary folder and leaves it there
    // when killed: each process gets its own, removed by close().
    temp = Files.createTempDirectory(data, "payara-tmp-");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-Djava.io.tmpdir=" + temp);
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", runtime.resolve("payara-micro.jar").toString()));
    for (Path war : wars) {
      command.addAll(List.of("--deploy", war.toString()));
    }
    command.addAll(List.of("--port", Integer.toString(port), "--nocluster"));
    command.addAll(microOptions);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(data.resolve("payara.log").toFile());
    Map<String, String> env = builder.environment();
    env.put("RECORDS_MODE", "development");
    env.put("RECORDS_MONGODB_URI", storeUri);
    env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicKey().toUri().toString());
    env.put("MP_JWT_VERIFY_ISSUER", DevTokens.ISSUER);
    // The printed development tokens last a working day (DevTokens.LIFETIME).
    String lifetime = Long.toString(DevTokens.LIFETIME.toSeconds());
    env.put("RECORDS_JWT_MAX_LIFETIME_SECONDS", lifetime);
    env.put("RECORDS_JWT_PATIENT_MAX_LIFETIME_SECONDS", lifetime);
    env.put("RECORDS_CRYPTO_LOCAL_MASTER_KEY_FILE", keys.localMasterKey().toString());
    // Each tenant's data keys under its own key, destroyed at offboarding (ADR 24).
    env.put("RECORDS_CRYPTO_TENANT_MASTER_KEYS", "true");
    env.put("RECORDS_CRYPTO_LOCAL_TENANT_KEY_DIR", keys.tenantKeyDir().toString());
    env.put("RECORDS_AUDIT_CHAIN_KEY_FILE", keys.auditChainKey().toString());
    env.put("RECORDS_AUDIT_SINK_JSONL_PATH", data.resolve("audit/audit.jsonl").toString());
    // Beside the store's data: checkpoints of another store's chains would not match this one's.
    env.put("RECORDS_AUDIT_CHECKPOINT_PATH", data.resolve("audit/checkpoints.jsonl").toString());
    if (store != null) {
      // mongo-java-server cannot store BSON subtype 6; a real MongoDB keeps the native form.
      env.put("RECORDS_CRYPTO_CIPHERTEXT", "subtype0");
    }
    env.putAll(extraEnv);
    payara = builder.start();
  }

  /** The Payara process. */
  public Process payara() {
    return payara;
  }

  /** The store's connection string. */
  public String storeUri() {
    return storeUri;
  }

  /** Tokens the running module accepts. */
  public DevTokens tokens() throws IOException, java.security.GeneralSecurityException {
    return new DevTokens(keys.privateKey());
  }

  /** The development keys in use. */
  public DevKeys keys() {
    return keys;
  }

  /** {@code http://localhost:<port>}. */
  public String base() {
    return "http://localhost:" + port;
  }

  /** Waits until Payara answers {@code readyPath} with {@code status}, up to {@code timeout}. */
  public void awaitReady(String readyPath, int status, Duration timeout)
      throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!payara.isAlive()) {
        throw new IllegalStateException("Payara Micro exited; see payara.log in the data folder");
      }
      try {
        HttpRequest health = HttpRequest.newBuilder(URI.create(base() + "/health/ready")).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(base() + readyPath)).build();
        if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200
            && http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == status) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("Payara Micro did not become ready in " + timeout);
  }

  /**
   * Stops Payara, removes its temporary folder, then stops the store (an H2 store flushes its file:
   * the data survives).
   */
  @Override
  public void close() {
    payara.destroy();
    try {
      payara.waitFor();
      DevFiles.deleteTree(temp);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // A path of the build's own folders and the exception's type: no stored value.
      ConsoleLog.named("phi-records-dev")
          .warning("could not remove " + temp + ": " + e.getClass().getName());
    }
    if (store != null) {
      store.shutdown();
    }
  }
}
