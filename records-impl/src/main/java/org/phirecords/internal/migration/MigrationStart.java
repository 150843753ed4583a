package org.phirecords.internal.migration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.store.TenantCollections;

/**
 * Applies pending data migrations when the application starts (ADR 52), unless {@value #ON_START}
 * is {@code false} (then the command line {@link MigrateData} does). Readers accept the formats
 * before the current one, so the module serves while a migration runs on another instance, or after
 * one failed here (logged; the next start or the command line resumes it).
 */
@ApplicationScoped
public class MigrationStart {
  static final String ON_START = "records.migrations.on-start";
  static final String LEASE = "records.migrations.lease-seconds";
  static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
  static final int BATCH = 100;
  private static final Logger LOG = Logger.getLogger(MigrationStart.class.getName());

  private TenantCollections collections;
  private AuditTrail trail;
  private RecordsConfig config;

  /** For CDI. */
  protected MigrationStart() {}

  /** Migrations over {@code collections}, audited in {@code trail}, as {@code config} sets. */
  @Inject
  public MigrationStart(TenantCollections collections, AuditTrail trail, RecordsConfig config) {
    this.collections = collections;
    this.trail = trail;
    this.config = config;
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    if (!Boolean.parseBoolean(config.value(ON_START).orElse("true"))) {
      return;
    }
    Duration lease = config.seconds(LEASE, DEFAULT_LEASE);
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalStateException(LEASE + " must be > 0");
    }
    try {
      MigrationRunner.Outcome outcome = MigrationRunner.of(collections, trail, lease, BATCH).run();
      LOG.info(
          "data migrations: "
              + outcome.status()
              + " "
              + outcome.applied()
              + ", "
              + outcome.changed()
              + " documents changed");
    } catch (RuntimeException e) {
      // The cause's type only: driver messages can quote data.
      LOG.warning("data migrations stopped, resumed by the next run: " + e.getClass().getName());
    }
  }
}
