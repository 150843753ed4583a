package org.phirecords.internal.fhirimport;

import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import org.bson.Document;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.TenantRegistration;
import org.phirecords.internal.tenant.TenantRepository;
import org.phirecords.model.BulkImportId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;

/**
 * Runs started bulk import jobs (ADR 40), on every instance: every {@code
 * records.import.bulk.poll-seconds}, and at once when a job starts here, it claims a running job
 * whose lease ended (a job just started, or one whose instance died) and imports its chunks one by
 * one as the job's creator through the authorization interceptor ({@link
 * MongoBulkImport#importChunk}), Patient files first. Each chunk done renews the lease, so two
 * instances never run one job while its holder lives, and a job whose holder died is resumed by any
 * instance after the lease; a chunk interrupted is imported again, which changes nothing
 * (idempotent by MRN and derived ids). It also sweeps expired jobs and chunks.
 */
@ApplicationScoped
public class BulkImportWorker {
  private static final Logger LOG = Logger.getLogger(BulkImportWorker.class.getName());
  private static final AtomicReference<Runnable> NUDGE = new AtomicReference<>();
  private static final AtomicReference<Executor> VALIDATORS = new AtomicReference<>(Runnable::run);

  private final String owner = UUID.randomUUID().toString();
  private final AtomicBoolean polling = new AtomicBoolean();
  private TenantCollections collections;
  private MongoBulkImport imports;
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected BulkImportWorker() {}

  /** Runs jobs of {@code collections}' stores through {@code imports} (its intercepted form). */
  @Inject
  public BulkImportWorker(TenantCollections collections, MongoBulkImport imports) {
    this.collections = collections;
    this.imports = imports;
  }

  /** Makes the worker of this process look for jobs now (a job was started). */
  static void nudge() {
    Runnable r = NUDGE.get();
    if (r != null) {
      r.run();
    }
  }

  /**
   * Where a chunk's validation slices run beside the worker's own thread: the container's managed
   * executor, or the calling thread where there is none (ADR 40).
   */
  static Executor validators() {
    return VALIDATORS.get();
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    long every = imports.settings().poll().toMillis();
    try {
      ManagedScheduledExecutorService scheduler =
          javax.naming.InitialContext.doLookup("java:comp/DefaultManagedScheduledExecutorService");
      scheduler.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
      Executor now = scheduler;
      NUDGE.set(() -> now.execute(this::pollQuietly));
      VALIDATORS.set(
          javax.naming.InitialContext
              .<jakarta.enterprise.concurrent.ManagedExecutorService>doLookup(
                  "java:comp/DefaultManagedExecutorService"));
    } catch (javax.naming.NamingException | RuntimeException e) {
      LOG.warning("no container scheduler: bulk import jobs do not run on this instance");
    }
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      LOG.warning("bulk import poll failed: " + e.getClass().getName());
    }
  }

  /**
   * Sweeps expired jobs, then runs every job it can claim until none is left; how many chunks it
   * imported. One poll at a time per instance.
   */
  public int poll() {
    if (!polling.compareAndSet(false, true)) {
      return 0;
    }
    try {
      BulkImportRepository.sweep(collections, Date.from(clock.instant()));
      int chunks = 0;
      TenantRepository registry = new TenantRepository(collections);
      Optional<TenantId> after = Optional.empty();
      while (true) {
        List<TenantRegistration> page = registry.page(after, 500);
        for (TenantRegistration tenant : page) {
          BulkImportRepository jobs = BulkImportRepository.maintenance(collections, tenant.id());
          java.util.Set<String> seen = new java.util.HashSet<>();
          Optional<Document> job;
          while ((job = jobs.claim(owner, now(), leaseEnd())).isPresent()
              && seen.add(job.get().getString(BulkImportRepository.ID))) {
            // A job paused by a failure is tried again at the next poll, not at once.
            chunks += run(jobs, tenant.id(), job.get());
          }
        }
        if (page.size() < 500) {
          return chunks;
        }
        after = Optional.of(page.get(page.size() - 1).id());
      }
    } finally {
      polling.set(false);
    }
  }

  /** Imports the claimed job's pending chunks; how many. Stops when the lease is lost. */
  private int run(BulkImportRepository jobs, TenantId tenant, Document job) {
    BulkImportId id = new BulkImportId(job.getString(BulkImportRepository.ID));
    Caller caller = BulkImportJobs.caller(job, tenant);
    int imported = 0;
    try {
      Map<String, String> refs = Map.of();
      boolean entries = false;
      for (int[] next : BulkImportJobs.pending(job)) {
        String type =
            job.getList(BulkImportRepository.FILES, Document.class).get(next[0]).getString("type");
        if (!entries && !"Patient".equals(type)) {
          // Every Patient chunk is done: the entries' references resolve against all of them.
          entries = true;
          refs = jobs.refs(id);
        }
        Map<String, String> known = refs;
        boolean mine =
            CurrentCaller.asJob(
                caller, () -> imports.importChunk(id, owner, next[0], next[1], known));
        if (!mine) {
          return imported;
        }
        imported++;
      }
      CurrentCaller.asJob(
          caller,
          () -> {
            imports.finish(id, owner);
            return null;
          });
    } catch (RecordsException e) {
      if (e.errorCode().httpStatus() < 500) {
        // The requester may no longer import (role, tenant suspended): the job fails.
        jobs.end(id, owner, "FAILED", Date.from(clock.instant().plus(imports.settings().keep())));
        LOG.warning("bulk import " + id + " failed: " + e.errorCode().code());
      } else {
        LOG.warning(
            "bulk import " + id + " paused, resumed after its lease: " + e.errorCode().code());
      }
    } catch (Exception e) {
      // The exception's text may quote stored values: the log names its type only.
      LOG.warning(
          "bulk import " + id + " paused, resumed after its lease: " + e.getClass().getName());
    }
    return imported;
  }

  private Date now() {
    return Date.from(clock.instant());
  }

  private Date leaseEnd() {
    Instant now = clock.instant();
    return Date.from(now.plus(imports.settings().lease()));
  }
}
