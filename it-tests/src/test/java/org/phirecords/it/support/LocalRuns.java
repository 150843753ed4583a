package org.phirecords.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.phirecords.dev.DevTokens;
import org.phirecords.dev.LocalModule;

/**
 * The module started as an operator would, outside Arquillian: Payara Micro in a child process
 * ({@link LocalModule}) over a store given by its connection string, so that a test may kill it and
 * start it again. Development mode, development keys in the run's folder.
 */
public final class LocalRuns {
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
      if (Files.exists(dir)) {
        try (Stream<Path> all = Files.walk(dir)) {
          for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
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
    Path runtime = Path.of(System.getProperty("payara.microJar")).getParent();
    Path warDir = Path.of(System.getProperty("it.wars"));
    LocalModule module =
        new LocalModule(
            data,
            runtime,
            wars.stream().map(warDir::resolve).toList(),
            port,
            null,
            0,
            storeUri,
            "512m",
            Map.of(
                // The build's environment names the Arquillian suites' audit store: not this one.
                "RECORDS_MONGODB_AUDIT_URI",
                storeUri,
                // mongo-java-server cannot hold BSON subtype 6.
                "RECORDS_CRYPTO_CIPHERTEXT",
                "subtype0"),
            jvmOptions,
            microOptions);
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
