package org.phirecords.bench;

import java.io.File;
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
import org.phirecords.dev.DevTokens;

/**
 * One HAPI FHIR JPA server of the peer module ({@code peer-hapi}, built under the {@code peer}
 * profile) in a JVM of its own, on a free port of this machine, with the same heap as Payara.
 * Secured, it accepts the module's development tokens (same key, same issuer).
 */
final class PeerServer implements AutoCloseable {
  /** The peer module's build folder: {@code classes} and {@code runtime/*.jar}. */
  static Path home() {
    return Path.of(System.getProperty("bench.peer.home", "peer-hapi/target"));
  }

  private final boolean secured;
  private final int port;
  private final Process process;
  private final Path log;

  PeerServer(boolean secured, int port, Path publicKey, Path work, String heap) throws IOException {
    Path home = home();
    if (!Files.isDirectory(home.resolve("runtime"))
        || !Files.isDirectory(home.resolve("classes"))) {
      throw new IllegalStateException(
          "the HAPI peer is not built at "
              + home.toAbsolutePath()
              + ": build with the profile peer (mvn -Ppeer ...; see BENCHMARKS.md)");
    }
    this.secured = secured;
    this.port = port;
    this.log = work.resolve("hapi-" + (secured ? "secured" : "bare") + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(home.resolve("classes") + File.pathSeparator + home.resolve("runtime") + "/*");
    command.add("org.phirecords.peer.HapiPeer");
    command.addAll(List.of("--port", Integer.toString(port)));
    command.addAll(List.of("--mode", secured ? "secured" : "bare"));
    if (secured) {
      command.addAll(List.of("--public-key", publicKey.toString(), "--issuer", DevTokens.ISSUER));
    }
    process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  boolean secured() {
    return secured;
  }

  /** {@code http://127.0.0.1:<port>}. */
  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** The FHIR base path of {@code tenant}: its partition when secured, the one store when bare. */
  String fhir(String tenant) {
    return secured ? "/fhir/" + tenant : "/fhir";
  }

  ProcessHandle process() {
    return process.toHandle();
  }

  /** Waits until the capability statement answers 200. */
  void awaitReady(Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    URI metadata = URI.create(base() + fhir("DEFAULT") + "/metadata");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the HAPI peer exited; see " + log);
      }
      try {
        HttpRequest ready = HttpRequest.newBuilder(metadata).build();
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("the HAPI peer did not start in " + timeout + "; see " + log);
  }

  /** The audit events its BALP sink has stored (-1 when bare). */
  long auditEvents(Http http) throws IOException, InterruptedException {
    return Long.parseLong(http.ok("GET", "/peer/audit-events", null, null).trim());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
