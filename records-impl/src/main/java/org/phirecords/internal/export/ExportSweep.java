package org.phirecords.internal.export;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.store.TenantCollections;

/**
 * Removes expired bulk export jobs and file parts of every tenant every {@code
 * records.export.sweep-seconds} (300 s) (ADR 38). Reads refuse an expired export before the sweep
 * removes it; the sweep bounds how long its ciphertext stays stored. Every {@code
 * records.export.lease-seconds} it also resumes, on this instance, the exports whose run's lease
 * lapsed because their instance died ({@link MongoBulkExport#resumeExpired()}).
 */
@ApplicationScoped
public class ExportSweep {
  private static final Logger LOG = Logger.getLogger(ExportSweep.class.getName());

  private TenantCollections collections;
  private RecordsConfig config;

  /** The exports to resume (absent where the service is not deployed, and in unit tests). */
  @Inject jakarta.enterprise.inject.Instance<MongoBulkExport> exports;

  /** The de-identified datasets to resume (ADR 44), absent likewise. */
  @Inject jakarta.enterprise.inject.Instance<MongoDatasets> datasets;

  /** For CDI. */
  protected ExportSweep() {}

  /** Sweeps the stores of {@code collections}. */
  @Inject
  public ExportSweep(TenantCollections collections, RecordsConfig config) {
    this.collections = collections;
    this.config = config;
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    long every =
        config.seconds(ExportSettings.PREFIX + "sweep-seconds", Duration.ofMinutes(5)).toSeconds();
    if (every <= 0) {
      throw new IllegalStateException(ExportSettings.PREFIX + "sweep-seconds must be > 0");
    }
    try {
      ManagedScheduledExecutorService scheduler =
          javax.naming.InitialContext.doLookup("java:comp/DefaultManagedScheduledExecutorService");
      scheduler.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.SECONDS);
      long lease = ExportSettings.of(config).lease().toSeconds();
      scheduler.scheduleWithFixedDelay(this::resumeQuietly, lease, lease, TimeUnit.SECONDS);
    } catch (javax.naming.NamingException | RuntimeException e) {
      LOG.warning("no container scheduler: expired bulk exports are not swept");
    }
  }

  private void sweepQuietly() {
    try {
      sweep(new Date());
    } catch (RuntimeException e) {
      LOG.warning("bulk export sweep failed: " + e.getClass().getName());
    }
  }

  private void resumeQuietly() {
    try {
      if (exports != null && exports.isResolvable()) {
        exports.get().resumeExpired();
      }
      if (datasets != null && datasets.isResolvable()) {
        datasets.get().resumeExpired();
      }
    } catch (RuntimeException e) {
      LOG.warning("bulk export resumption failed: " + e.getClass().getName());
    }
  }

  /** Removes what expired before {@code now}; how many documents. */
  public long sweep(Date now) {
    long removed =
        ExportRepository.sweep(collections, now) + RelinkRepository.sweep(collections, now);
    if (removed > 0) {
      LOG.info("bulk export sweep removed " + removed + " expired documents");
    }
    return removed;
  }
}
