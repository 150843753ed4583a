package org.phirecords.internal.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.ServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.phirecords.internal.meter.CommandKind;
import org.phirecords.internal.meter.CommandMeter;
import org.phirecords.internal.meter.RequestTally;

/**
 * The store's commands on MicroProfile Metrics (where the container has them), read from the
 * stores' {@link CommandMeter}; and each HTTP request's tally of them, opened and closed with its
 * request context. Tags hold a command kind and a collection name only.
 *
 * <ul>
 *   <li>{@code phi_records_store_commands{kind, collection}}: commands sent, every thread;
 *   <li>{@code phi_records_store_requests}: HTTP requests tallied;
 *   <li>{@code phi_records_store_request_commands{kind}}: commands on those requests' threads;
 *   <li>{@code phi_records_store_request_sequential_writes}: acknowledged writes they waited on in
 *       order, summed; {@code phi_records_store_request_shared_writes}: of them, writes made for
 *       several requests at once (a group commit of audit events);
 *   <li>{@code phi_records_store_shared_writes}, {@code phi_records_store_shared_write_requests}:
 *       such writes, and the requests they served, summed.
 * </ul>
 *
 * Each value only grows (a gauge over a counter: the meter counts whether or not metrics exist).
 */
@ApplicationScoped
public class StoreCommandMetrics {
  private static final Logger LOG = Logger.getLogger(StoreCommandMetrics.class.getName());

  private MongoStores stores;
  private Instance<MetricRegistry> metrics;

  /** For CDI. */
  protected StoreCommandMetrics() {}

  /** The metrics of {@code stores}' meter, in {@code metrics} where resolvable. */
  @Inject
  public StoreCommandMetrics(MongoStores stores, Instance<MetricRegistry> metrics) {
    this.stores = stores;
    this.metrics = metrics;
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    if (metrics.isResolvable()) {
      try {
        register(metrics.get(), stores.meter());
      } catch (RuntimeException e) {
        // Counting goes on; only the export is missing (e.g. another application's names).
        LOG.warning("store command metrics not registered: " + e.getClass().getName());
      }
    }
  }

  void requestStarted(@Observes @Initialized(RequestScoped.class) ServletRequest request) {
    RequestTally.begin();
  }

  void requestEnded(@Observes @Destroyed(RequestScoped.class) ServletRequest request) {
    RequestTally tally = RequestTally.end();
    stores.meter().requestEnded(tally);
    if (tally != null && LOG.isLoggable(Level.FINE)) {
      LOG.fine(tally.toString()); // counts only
    }
  }

  /** Registers the gauges of {@code meter} in {@code registry}. */
  static void register(MetricRegistry registry, CommandMeter meter) {
    List<String> collections = new ArrayList<>();
    for (StoredCollection c : StoredCollection.values()) {
      collections.add(c.collectionName());
    }
    collections.add(CommandMeter.NO_COLLECTION);
    for (CommandKind kind : CommandKind.values()) {
      for (String collection : collections) {
        gauge(
            registry,
            "phi_records_store_commands",
            meter,
            m -> m.commands(kind, collection),
            new Tag("kind", kind.label()),
            new Tag("collection", collection));
      }
      gauge(
          registry,
          "phi_records_store_request_commands",
          meter,
          m -> m.requestCommands(kind),
          new Tag("kind", kind.label()));
    }
    gauge(registry, "phi_records_store_requests", meter, CommandMeter::requests);
    gauge(
        registry,
        "phi_records_store_request_sequential_writes",
        meter,
        CommandMeter::requestSequentialWrites);
    gauge(
        registry,
        "phi_records_store_request_shared_writes",
        meter,
        CommandMeter::requestSharedWrites);
    gauge(registry, "phi_records_store_shared_writes", meter, CommandMeter::sharedWrites);
    gauge(
        registry,
        "phi_records_store_shared_write_requests",
        meter,
        CommandMeter::sharedWriteRequests);
  }

  private static void gauge(
      MetricRegistry registry,
      String name,
      CommandMeter meter,
      ToLongFunction<CommandMeter> value,
      Tag... tags) {
    registry.gauge(name, meter, m -> value.applyAsLong(m), tags);
  }
}
