package org.phirecords.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded store ({@code org.phirecords.dev.StoreServer}: mongo-java-server, H2 on a file) in a
 * process of its own, so that a test can stop it (SIGTERM: H2 flushes) and start it again on the
 * same port and file.
 */
public final class StoreProcess implements AutoCloseable {
  private final int port;
  private final Path file;
  private final Path log;
  private Process process;

  /** A store on 127.0.0.1:{@code port} keeping its data in {@code file}; not started yet. */
  public StoreProcess(int port, Path file, Path log) {
    this.port = port;
    this.file = file;
    this.log = log;
  }

  /** Connection string for the module: fails fast (2 s) when the store is down. */
  public String uri() {
    return "mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=2000&connectTimeoutMS=2000";
  }

  /** Starts the process and waits until it accepts connections. */
  public synchronized StoreProcess start() {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-cp",
                    classPath,
                    "org.phirecords.dev.StoreServer",
                    Integer.toString(port),
                    file.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the store process exited; see " + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return this;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
    throw new IllegalStateException("the store did not start in 30 s; see " + log);
  }

  /** Stops it with SIGTERM and waits until it has flushed and exited. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("the store did not stop on SIGTERM in 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      process = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
