package org.phirecords.peer;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.partition.PartitionManagementProvider;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.partition.RequestTenantPartitionInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.tenant.UrlBaseTenantIdentificationStrategy;
import ca.uhn.fhir.storage.interceptor.balp.BalpAuditCaptureInterceptor;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Starts HAPI FHIR's JPA server (R4, H2 in memory) on Jetty at {@code http://127.0.0.1:P/fhir}.
 * Bare: HAPI's defaults, no security. Secured: the tenant is the URL's first segment ({@code
 * /fhir/{tenant}/Patient}) and selects the tenant's partition; {@link TokenAuthorization} decides
 * from the bearer token; BALP audit capture stores an event per read, search and write ({@link
 * StoredAuditSink}), counted at {@code /peer/audit-events}.
 */
public final class HapiPeer {
  private HapiPeer() {}

  public static void main(String[] args) throws Exception {
    PeerSettings settings = PeerSettings.parse(args);
    AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext();
    spring.registerBean(PeerSettings.class, () -> settings);
    spring.register(PeerJpaConfig.class);
    spring.refresh();
    spring.registerShutdownHook();

    FhirContext fhir = spring.getBean(FhirContext.class);
    RestfulServer fhirServer = new RestfulServer(fhir);
    fhirServer.registerProviders(spring.getBean(ResourceProviderFactory.class).createProviders());
    fhirServer.registerProvider(spring.getBean(IJpaSystemProvider.class));
    // HAPI's JPA configuration defines it; one of our own where a version does not.
    fhirServer.setPagingProvider(
        spring
            .getBeanProvider(DatabaseBackedPagingProvider.class)
            .getIfAvailable(
                () ->
                    spring
                        .getAutowireCapableBeanFactory()
                        .createBean(DatabaseBackedPagingProvider.class)));
    fhirServer.setDefaultResponseEncoding(EncodingEnum.JSON);
    StoredAuditSink sink = null;
    if (settings.secured()) {
      fhirServer.setTenantIdentificationStrategy(new UrlBaseTenantIdentificationStrategy());
      RequestTenantPartitionInterceptor partitions = new RequestTenantPartitionInterceptor();
      partitions.setPartitionSettings(spring.getBean(PartitionSettings.class));
      fhirServer.registerInterceptor(partitions);
      fhirServer.registerProvider(spring.getBean(PartitionManagementProvider.class));
      fhirServer.registerInterceptor(
          new TokenAuthorization(new TokenVerifier(settings.publicKey(), settings.issuer())));
      sink = new StoredAuditSink(spring.getBean(DataSource.class), fhir);
      fhirServer.registerInterceptor(
          new BalpAuditCaptureInterceptor(sink, new TokenAuditContext()));
    }

    Server jetty = new Server();
    ServerConnector http = new ServerConnector(jetty);
    http.setHost("127.0.0.1");
    http.setPort(settings.port());
    jetty.addConnector(http);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder(fhirServer);
    holder.setInitOrder(1);
    context.addServlet(holder, "/fhir/*");
    context.addServlet(new ServletHolder(new AuditCount(sink)), "/peer/audit-events");
    jetty.setHandler(context);
    jetty.start();
    java.util.logging.Logger.getLogger(HapiPeer.class.getName())
        .info(() -> "HAPI FHIR peer (" + (settings.secured() ? "secured" : "bare") + ") ready");
    jetty.join();
  }

  /** The number of stored audit events, as text (-1 on the bare side, which keeps none). */
  private static final class AuditCount extends HttpServlet {
    private final transient StoredAuditSink sink;

    AuditCount(StoredAuditSink sink) {
      this.sink = sink;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      long count;
      try {
        count = sink == null ? -1 : sink.count();
      } catch (SQLException e) {
        response.sendError(500);
        return;
      }
      response.setContentType("text/plain");
      response.getWriter().print(count);
    }
  }
}
