package org.phirecords.bench.baseline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.bson.Document;
import org.phirecords.internal.meter.CommandKind;
import org.phirecords.internal.meter.CommandMeter;
import org.phirecords.internal.meter.RequestTally;

/**
 * This WAR's store commands for the benchmark, counted as the module counts its own (the same
 * {@link CommandMeter}, each request's tally opened and closed with its request context), at {@code
 * GET /bench-baseline/api/commands}: the totals so far, by collection and kind, and per request.
 * The module publishes the same figures on MicroProfile Metrics; this WAR is benchmark-only.
 */
@ApplicationScoped
@Path("commands")
@Produces(MediaType.APPLICATION_JSON)
public class CommandsResource {
  @Inject BaselineStore store;

  void requestStarted(@Observes @Initialized(RequestScoped.class) ServletRequest request) {
    RequestTally.begin();
  }

  void requestEnded(@Observes @Destroyed(RequestScoped.class) ServletRequest request) {
    store.meter().requestEnded(RequestTally.end());
  }

  @GET
  public String totals() {
    CommandMeter m = store.meter();
    Document byCollection = new Document();
    for (Map.Entry<String, long[]> e : m.byCollection().entrySet()) {
      byCollection.append(
          e.getKey(),
          new Document("read", e.getValue()[0])
              .append("write", e.getValue()[1])
              .append("other", e.getValue()[2]));
    }
    return new Document("commands", byCollection)
        .append("requests", m.requests())
        .append("requestReads", m.requestCommands(CommandKind.READ))
        .append("requestWrites", m.requestCommands(CommandKind.WRITE))
        .append("requestSequentialWrites", m.requestSequentialWrites())
        .append("requestSharedWrites", m.requestSharedWrites())
        .toJson();
  }
}
