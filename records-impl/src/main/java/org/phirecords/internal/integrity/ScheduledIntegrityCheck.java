package org.phirecords.internal.integrity;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.phirecords.audit.AnomalyDetected;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.TenantRegistration;
import org.phirecords.internal.tenant.TenantRepository;
import org.phirecords.model.IntegrityReport;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;

/**
 * The integrity pass on a schedule (ADR 23): every {@code records.integrity.check-interval-hours}
 * hours (default 0: off; 24 for daily), over every tenant not offboarded. Each tenant's pass is
 * audited; records changed at rest raise an alert like the anomaly alerts (a CDI {@link
 * AnomalyDetected} of kind {@code RECORDS_CHANGED_AT_REST}, a log line and an audit event).
 */
@ApplicationScoped
public class ScheduledIntegrityCheck {
  /** The subject the scheduled pass is audited as. */
  public static final String SUBJECT = "system:integrity-check";

  static final String INTERVAL = "records.integrity.check-interval-hours";
  private static final Logger LOG = Logger.getLogger(ScheduledIntegrityCheck.class.getName());
  private static final int LISTED = 100;
  private static final int TENANTS_PER_READ = 100;

  private TenantCollections collections;
  private AuditTrail trail;
  private Event<AnomalyDetected> alerts;
  private RecordsConfig config;

  /** For CDI. */
  protected ScheduledIntegrityCheck() {}

  /** The pass over the stores of {@code collections}, audited in {@code trail}. */
  @Inject
  public ScheduledIntegrityCheck(
      TenantCollections collections,
      AuditTrail trail,
      Event<AnomalyDetected> alerts,
      RecordsConfig config) {
    this.collections = collections;
    this.trail = trail;
    this.alerts = alerts;
    this.config = config;
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    long hours = config.value(INTERVAL).map(Long::parseLong).orElse(0L);
    if (hours < 0) {
      throw new IllegalStateException(INTERVAL + " must be >= 0");
    }
    if (hours == 0) {
      return;
    }
    try {
      ManagedScheduledExecutorService scheduler =
          javax.naming.InitialContext.doLookup("java:comp/DefaultManagedScheduledExecutorService");
      scheduler.scheduleWithFixedDelay(this::runQuietly, hours, hours, TimeUnit.HOURS);
    } catch (javax.naming.NamingException | RuntimeException e) {
      LOG.warning("no container scheduler: the scheduled integrity pass does not run");
    }
  }

  private void runQuietly() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      // The cause's type only: driver messages can quote data.
      LOG.warning("integrity pass skipped: " + e.getClass().getName());
    }
  }

  /** Runs the pass over every tenant not offboarded; their reports. */
  public List<IntegrityReport> runOnce() {
    TenantRepository registry = new TenantRepository(collections);
    IntegrityPass pass = new IntegrityPass(collections, trail.recordSeals());
    List<IntegrityReport> reports = new ArrayList<>();
    Optional<TenantId> after = Optional.empty();
    for (List<TenantRegistration> page = registry.page(after, TENANTS_PER_READ);
        !page.isEmpty();
        page = registry.page(after, TENANTS_PER_READ)) {
      for (TenantRegistration tenant : page) {
        if (tenant.status() != TenantStatus.OFFBOARDED) {
          reports.add(check(pass, tenant.id()));
        }
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
    return reports;
  }

  private IntegrityReport check(IntegrityPass pass, TenantId tenant) {
    IntegrityReport report = pass.run(tenant, LISTED);
    int changed = (int) Math.min(Integer.MAX_VALUE, report.changed());
    IntegrityPass.audit(trail, tenant, SUBJECT, "RecordIntegrity.scheduledCheck", changed);
    if (changed > 0) {
      LOG.warning(
          "integrity pass: "
              + changed
              + " record(s) of tenant "
              + tenant.value()
              + " changed at rest outside the module");
      IntegrityPass.audit(
          trail,
          tenant,
          SUBJECT,
          "AnomalyAlert." + AnomalyDetected.Kind.RECORDS_CHANGED_AT_REST,
          changed);
      alerts.fireAsync(
          new AnomalyDetected(
              tenant.value(),
              SUBJECT,
              AnomalyDetected.Kind.RECORDS_CHANGED_AT_REST,
              changed,
              0,
              Instant.now()));
    }
    return report;
  }
}
