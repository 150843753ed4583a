package org.phirecords.internal.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.phirecords.internal.audit.chain.GroupCommitListener;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.model.TenantId;

/**
 * The module's metrics on MicroProfile Metrics (ADR 50), where the container has them; nothing
 * where it has not (an embedder without metrics, unit tests). Every name starts with {@code
 * phi_records_}; labels are operation names, outcomes, error codes and kinds. The tenant id is a
 * label only with {@value #TENANT_LABEL} on, and only for callers of a known active tenant.
 */
@ApplicationScoped
public class RecordsMetrics {
  /** Whether operations and denials carry a {@code tenant} label (default off). */
  public static final String TENANT_LABEL = "records.metrics.tenant-label";

  /** The {@code tenant} label of calls whose tenant is none, unknown or not yet checked. */
  public static final String NO_TENANT = "_none";

  private static final Logger LOG = Logger.getLogger(RecordsMetrics.class.getName());

  private Instance<MetricRegistry> registries;
  private volatile MetricRegistry registry;
  private boolean tenantLabel;

  /** For CDI. */
  protected RecordsMetrics() {}

  /** Metrics in the application registry of {@code registries}, as {@code config} says. */
  @Inject
  public RecordsMetrics(Instance<MetricRegistry> registries, RecordsConfig config) {
    this.registries = registries;
    this.tenantLabel = config.value(TENANT_LABEL).map(Boolean::parseBoolean).orElse(false);
  }

  private RecordsMetrics(MetricRegistry registry, boolean tenantLabel) {
    this.registry = registry;
    this.tenantLabel = tenantLabel;
  }

  /** Metrics in {@code registry} (null: none), tenant labels as {@code tenantLabel} says. */
  public static RecordsMetrics of(MetricRegistry registry, boolean tenantLabel) {
    return new RecordsMetrics(registry, tenantLabel);
  }

  /** No metrics. */
  public static RecordsMetrics none() {
    return new RecordsMetrics(null, false);
  }

  /** Whether operations and denials carry the caller's tenant. */
  public boolean tenantLabel() {
    return tenantLabel;
  }

  /**
   * A service operation ended with {@code outcome} after {@code elapsed}: the timer {@code
   * phi_records_operations{operation, outcome}}.
   */
  public void operation(
      String operation, String outcome, Optional<TenantId> tenant, Duration elapsed) {
    MetricRegistry r = registry();
    if (r != null) {
      r.timer("phi_records_operations", tags(tenant, "operation", operation, "outcome", outcome))
          .update(elapsed);
    }
  }

  /** A call of {@code operation} was refused with {@code code}: {@code phi_records_denials}. */
  public void denied(String operation, String code, Optional<TenantId> tenant) {
    MetricRegistry r = registry();
    if (r != null) {
      r.counter("phi_records_denials", tags(tenant, "operation", operation, "reason", code)).inc();
    }
  }

  /** A key operation ended with {@code outcome}: {@code phi_records_key_operations}. */
  public void keyOperation(String operation, String outcome) {
    MetricRegistry r = registry();
    if (r != null) {
      r.counter(
              "phi_records_key_operations",
              new Tag("operation", operation),
              new Tag("outcome", outcome))
          .inc();
    }
  }

  /**
   * The audit writer's group commit: {@code phi_records_audit_batch_events} (a histogram of events
   * per insert) and {@code phi_records_audit_append_wait} (a timer of each caller's wait).
   */
  public GroupCommitListener groupCommits() {
    return new GroupCommitListener() {
      @Override
      public void batchWritten(int events) {
        MetricRegistry r = registry();
        if (r != null) {
          r.histogram("phi_records_audit_batch_events").update(events);
        }
      }

      @Override
      public void appended(int events, long waitNanos) {
        MetricRegistry r = registry();
        if (r != null) {
          r.timer("phi_records_audit_append_wait").update(Duration.ofNanos(waitNanos));
        }
      }
    };
  }

  /** A gauge {@code name} reading {@code value}; registered once. */
  public void gauge(String name, LongSupplier value) {
    MetricRegistry r = registry();
    if (r != null) {
      try {
        r.gauge(name, value, LongSupplier::getAsLong);
      } catch (RuntimeException e) {
        LOG.warning("gauge " + name + " not registered: " + e.getClass().getName());
      }
    }
  }

  private Tag[] tags(Optional<TenantId> tenant, String... pairs) {
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      tags.add(new Tag(pairs[i], pairs[i + 1]));
    }
    if (tenantLabel) {
      tags.add(new Tag("tenant", tenant.map(TenantId::value).orElse(NO_TENANT)));
    }
    return tags.toArray(Tag[]::new);
  }

  private MetricRegistry registry() {
    MetricRegistry r = registry;
    if (r == null && registries != null && registries.isResolvable()) {
      try {
        r = registries.get();
        registry = r;
      } catch (RuntimeException e) {
        registries = null; // no metrics here: counted nowhere, never failing a call
      }
    }
    return r;
  }
}
