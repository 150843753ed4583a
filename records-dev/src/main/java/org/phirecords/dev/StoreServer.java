package org.phirecords.dev;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * The embedded MongoDB-wire store (mongo-java-server, H2 backend on a file) as a process of its
 * own, so that tests can stop it and start it again like a real database server:
 *
 * <pre>
 * java -cp ... org.phirecords.dev.StoreServer PORT FILE
 * </pre>
 *
 * Listens on 127.0.0.1:PORT. SIGTERM (or Ctrl-C) shuts the server down cleanly, so H2 writes
 * everything to FILE; the next start on the same file has the same data.
 */
public final class StoreServer {
  private static final Logger LOG = Logger.getLogger(StoreServer.class.getName());

  private StoreServer() {}

  /** Entry point: {@code PORT FILE}. */
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 2) {
      LOG.severe("usage: StoreServer PORT FILE");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    MongoServer server = new MongoServer(new H2Backend(args[1]));
    server.bind("127.0.0.1", port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdown();
                  LOG.info("store stopped; data flushed to " + args[1]);
                  stopped.countDown();
                }));
    LOG.info("store listening on 127.0.0.1:" + port + ", data in " + args[1]);
    stopped.await();
  }
}
