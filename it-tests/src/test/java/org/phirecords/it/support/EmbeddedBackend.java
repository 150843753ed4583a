package org.phirecords.it.support;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** mongo-java-server with its H2 backend on disk, on the ports reserved by the build. */
final class EmbeddedBackend implements StoreBackend {
  private final Path dir;
  private final int dataPort;
  private final int auditPort;
  private final MongoServer data;
  private MongoServer audit;

  EmbeddedBackend(Path dir, int dataPort, int auditPort) {
    this.dir = dir;
    this.dataPort = dataPort;
    this.auditPort = auditPort;
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve("data.mv"));
      Files.deleteIfExists(dir.resolve("audit.mv"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    data = new MongoServer(new H2Backend(dir.resolve("data.mv").toString()));
    data.bind("127.0.0.1", dataPort);
    startAudit();
  }

  @Override
  public String dataUri() {
    return "mongodb://127.0.0.1:" + dataPort;
  }

  @Override
  public String auditUri() {
    return "mongodb://127.0.0.1:" + auditPort;
  }

  @Override
  public synchronized void stopAudit() {
    if (audit != null) {
      audit.shutdownNow();
      audit = null;
    }
  }

  @Override
  public synchronized void startAudit() {
    if (audit == null) {
      audit = new MongoServer(new H2Backend(dir.resolve("audit.mv").toString()));
      audit.bind("127.0.0.1", auditPort);
    }
  }

  @Override
  public void close() {
    stopAudit();
    data.shutdownNow();
  }
}
