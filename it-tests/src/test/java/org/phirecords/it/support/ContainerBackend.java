package org.phirecords.it.support;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.containers.MongoDBContainer;

/**
 * Real MongoDB servers through Testcontainers, bound to the ports reserved by the build (the Payara
 * process reads its connection strings from the environment set at build time).
 */
final class ContainerBackend implements StoreBackend {
  private static final String IMAGE = "mongo:7.0";

  private final MongoDBContainer data;
  private final MongoDBContainer audit;
  private final int dataPort;
  private final int auditPort;

  ContainerBackend(int dataPort, int auditPort) {
    this.dataPort = dataPort;
    this.auditPort = auditPort;
    data = fixed(dataPort);
    audit = fixed(auditPort);
    data.start();
    audit.start();
  }

  @SuppressWarnings("resource")
  private static MongoDBContainer fixed(int port) {
    return new MongoDBContainer(IMAGE)
        .withCreateContainerCmdModifier(
            cmd ->
                cmd.getHostConfig()
                    .withPortBindings(
                        new PortBinding(Ports.Binding.bindPort(port), new ExposedPort(27017))));
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
  public void stopAudit() {
    audit.getDockerClient().pauseContainerCmd(audit.getContainerId()).exec();
  }

  @Override
  public void startAudit() {
    audit.getDockerClient().unpauseContainerCmd(audit.getContainerId()).exec();
  }

  @Override
  public void close() {
    data.stop();
    audit.stop();
  }
}
