package org.phirecords.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phirecords.dev.DevFiles;
import org.phirecords.dev.DevKeys;
import org.phirecords.dev.DevTokens;
import org.phirecords.dev.LocalModule;

/**
 * The module started as an operator would, outside Arquillian: Payara Micro in a child process
 * ({@link LocalModule}) over a store given by its connection string, so that a test may kill it and
 * start it again. Development mode, development keys in the run's folder.
 */
public final class LocalRuns {
  private static final Pattern RECONCILED =
      Pattern.compile(
          "audit reconciliation: (\\d+) interrupted write\\(s\\) had taken effect, (\\d+)");

  private LocalRuns() {}

  /** A free TCP port on this machine. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An empty folder {@code target/<name>}. */
  public static Path freshDir(String name) {
    Path dir = Path.of(System.getProperty("it.payara.logs")).getParent().resolve(name);
    try {
      DevFiles.deleteTree(dir);
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * Starts Payara Micro with {@code wars} (names in target/wars) on {@code port} over {@code
   * storeUri} (data and audit on one embedded store), and waits until it is ready.
   */
  public static LocalModule start(
      Path data,
      int port,
      String storeUri,
      List<String> wars,
      List<String> jvmOptions,
      List<String> microOptions)
      throws Exception {
    return awaitReady(
        launch(data, port, storeUri, wars, Map.of(), jvmOptions, microOptions), data, wars);
  }

  /**
   * Starts one Payara Micro per entry of {@code wars} (the WARs of that instance), all at once,
   * over one store: instance {@code i} in {@code dir/instance-i}, all with the keys of instance 0
   * (tokens of {@code get(0).tokens()} are accepted by all; tenant keys made by any are found by
   * all) and all verifying chains against every instance's checkpoint file, as instances behind one
   * load balancer are configured. Waits until all are ready.
   */
  public static List<LocalModule> startAll(Path dir, String storeUri, List<List<String>> wars)
      throws Exception {
    List<Path> dirs = new ArrayList<>();
    for (int i = 0; i < wars.size(); i++) {
      dirs.add(Files.createDirectories(dir.resolve("instance-" + i)));
    }
    DevKeys keys = new DevKeys(dirs.get(0));
    keys.privateKey(); // makes the pair if absent
    Map<String, String> shared =
        Map.of(
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.publicKey().toUri().toString(),
            "RECORDS_CRYPTO_LOCAL_MASTER_KEY_FILE", keys.localMasterKey().toString(),
            "RECORDS_CRYPTO_LOCAL_TENANT_KEY_DIR", keys.tenantKeyDir().toString(),
            "RECORDS_AUDIT_CHAIN_KEY_FILE", keys.auditChainKey().toString(),
            "RECORDS_AUDIT_CHECKPOINT_VERIFY_PATHS",
                String.join(
                    ",",
                    dirs.stream()
                        .map(d -> d.resolve("audit/checkpoints.jsonl").toString())
                        .toList()));
    List<LocalModule> started = new ArrayList<>();
    try {
      for (int i = 0; i < wars.size(); i++) {
        started.add(
            launch(dirs.get(i), freePort(), storeUri, wars.get(i), shared, List.of(), List.of()));
      }
      for (int i = 0; i < wars.size(); i++) {
        awaitReady(started.get(i), dirs.get(i), wars.get(i));
      }
    } catch (Exception | Error e) {
      started.forEach(LocalModule::close);
      throw e;
    }
    return started;
  }

  /** Starts Payara Micro without waiting; {@code env} adds to or replaces its environment. */
  private static LocalModule launch(
      Path data,
      int port,
      String storeUri,
      List<String> wars,
      Map<String, String> env,
      List<String> jvmOptions,
      List<String> microOptions)
      throws Exception {
    Path runtime = Path.of(System.getProperty("payara.microJar")).getParent();
    Path warDir = Path.of(System.getProperty("it.wars"));
    Map<String, String> all =
        new HashMap<>(
            Map.of(
                // The build's environment names the Arquillian suites' audit store: not this one.
                "RECORDS_MONGODB_AUDIT_URI",
                storeUri,
                // mongo-java-server cannot hold BSON subtype 6.
                "RECORDS_CRYPTO_CIPHERTEXT",
                "subtype0"));
    all.putAll(env);
    return new LocalModule(
        data,
        runtime,
        wars.stream().map(warDir::resolve).toList(),
        port,
        null,
        0,
        storeUri,
        "512m",
        all,
        jvmOptions,
        microOptions);
  }

  /** Waits until {@code module} is ready; closes it if it fails to start. */
  private static LocalModule awaitReady(LocalModule module, Path data, List<String> wars)
      throws Exception {
    try {
      if (wars.isEmpty()) {
        awaitLogLine(module, data.resolve("payara.log"), "Payara Micro", " ready in ");
      } else {
        String probe = wars.contains("tenant-admin.war") ? "/tenant-admin/api/tenants" : "/health";
        module.awaitReady(probe, probe.equals("/health") ? 200 : 401, Duration.ofMinutes(4));
      }
    } catch (RuntimeException | InterruptedException e) {
      module.close();
      throw e;
    }
    return module;
  }

  /**
   * Interrupted writes the audit reconciler reported in {@code log} (a Payara log): how many had
   * taken effect and how many had not, summed over its runs.
   */
  public static int[] reconciledIn(Path log) throws IOException {
    int[] sum = new int[2];
    Matcher m = RECONCILED.matcher(Files.readString(log, StandardCharsets.UTF_8));
    while (m.find()) {
      sum[0] += Integer.parseInt(m.group(1));
      sum[1] += Integer.parseInt(m.group(2));
    }
    return sum;
  }

  /** Waits until a line of {@code log} holds {@code first} and {@code second} (no applications). */
  private static void awaitLogLine(LocalModule module, Path log, String first, String second)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    while (System.nanoTime() < deadline) {
      if (!module.payara().isAlive()) {
        throw new IllegalStateException("Payara Micro exited; see " + log);
      }
      try {
        if (Files.exists(log)
            && Files.readAllLines(log).stream()
                .anyMatch(l -> l.contains(first) && l.contains(second))) {
          return;
        }
      } catch (IOException | UncheckedIOException notYet) {
        // still being written
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("Payara Micro did not start in 4 minutes; see " + log);
  }

  /** Onboards {@code tenant} through tenant-admin as a platform admin would. */
  public static void onboard(LocalModule module, String tenant) throws Exception {
    DevTokens tokens = module.tokens();
    String admin = tokens.mint("it-platform-admin", "platform-admin", null, null);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(module.base() + "/tenant-admin/api/tenants"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"id\":\""
                                + tenant
                                + "\",\"displayName\":\"IT "
                                + tenant
                                + "\",\"contact\":\"privacy@"
                                + tenant
                                + ".example\",\"residency\":\"local\",\"firstAdmin\":\"it-admin\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("onboarding failed: " + r.statusCode() + " " + r.body());
    }
  }
}
