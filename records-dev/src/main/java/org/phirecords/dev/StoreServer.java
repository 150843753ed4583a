package org.phirecords.dev;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The embedded MongoDB-wire store (mongo-java-server, H2 backend on a file) as a process of its
 * own, so that tests can stop it and start it again like a real database server:
 *
 * <pre>
 * java -cp ... org.phirecords.dev.StoreServer PORT FILE
 * </pre>
 *
 * Listens on 127.0.0.1:PORT. SIGTERM (or Ctrl-C) shuts the server down cleanly, so H2 writes
 * everything to FILE; the next start on the same file has the same data. Exits 2 on bad arguments.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "StoreServer",
    description = "The embedded MongoDB-wire store on 127.0.0.1, its data in an H2 file.")
public final class StoreServer implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger(StoreServer.class.getName());

  @Parameters(index = "0", paramLabel = "PORT", description = "Port to listen on.")
  int port;

  @Parameters(index = "1", paramLabel = "FILE", description = "The H2 file holding the data.")
  String file;

  StoreServer() {}

  /** Entry point: {@code PORT FILE}. */
  public static void main(String[] args) {
    int exit = new CommandLine(new StoreServer()).execute(args);
    if (exit != 0) {
      // Only before the server runs: once stopped, the JVM is already shutting down.
      System.exit(exit);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    MongoServer server = new MongoServer(new H2Backend(file));
    server.bind("127.0.0.1", port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdown();
                  LOG.info("store stopped; data flushed to " + file);
                  stopped.countDown();
                }));
    LOG.info("store listening on 127.0.0.1:" + port + ", data in " + file);
    stopped.await();
    return 0;
  }
}
