package org.phirecords.internal.export;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.Document;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.security.CallerAccess;
import org.phirecords.internal.store.Reach;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.TenantRegistration;
import org.phirecords.internal.tenant.TenantRepository;
import org.phirecords.model.ExportId;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;

/**
 * Starts export runs on the executor, each in an operation reopened with the requester's caller and
 * the access fixed at kick-off; and resumes the jobs whose run's lease lapsed (its instance died):
 * any instance claims such a job (one wins: the claim is conditional on the lapsed holder),
 * rebuilds the caller, the access and the group's reach from the job ({@link ExportAccess}), and
 * runs it from its sealed parts (ADR 38).
 */
final class ExportResumption {
  private static final Logger LOG = Logger.getLogger(ExportResumption.class.getName());

  private final Operations operations;
  private final TenantCollections collections;
  private final ExportRun runs;
  private final ExportSettings settings;
  private final Supplier<Executor> executor;
  private final Clock clock;

  ExportResumption(
      Operations operations,
      TenantCollections collections,
      ExportRun runs,
      ExportSettings settings,
      Supplier<Executor> executor,
      Clock clock) {
    this.operations = operations;
    this.collections = collections;
    this.runs = runs;
    this.settings = settings;
    this.executor = executor;
    this.clock = clock;
  }

  /** A new run's lease holder: unique per run, so a resumed run fences off the dead one. */
  static String holder() {
    return UUID.randomUUID().toString();
  }

  /** The reach of a group of {@code organisations} at {@code at}, within the caller's reach. */
  static Reach group(Set<OrganisationId> organisations, Instant at, Reach caller) {
    Reach members = Reach.within(organisations, at);
    return caller.careTeamOf().map(members::onCareTeamOf).orElse(members);
  }

  /** Runs {@code plan} on the executor as {@code caller} with {@code access}. */
  void start(Caller caller, CallerAccess access, ExportRun.Plan plan) {
    Runnable work =
        () -> {
          try {
            operations.within(
                caller,
                runs.kind().permission(),
                runs.kind().operation(),
                access,
                Optional.empty(),
                () -> {
                  runs.run(operations.current(), plan);
                  return null;
                });
          } catch (Exception e) {
            LOG.log(
                Level.WARNING,
                "export job {0} ended: {1}",
                new Object[] {plan.id(), e.getClass().getName()});
          }
        };
    executor.get().execute(work);
  }

  /** Claims and resumes every running job whose lease lapsed, in every tenant; how many. */
  int resumeExpired() {
    int resumed = 0;
    Date now = Date.from(clock.instant());
    TenantRepository registry = new TenantRepository(collections);
    Optional<TenantId> after = Optional.empty();
    while (true) {
      List<TenantRegistration> page = registry.page(after, 500);
      for (TenantRegistration tenant : page) {
        for (Document job :
            ExportRepository.leaseExpired(collections, tenant.id(), now, runs.kind())) {
          if (resume(tenant.id(), job)) {
            resumed++;
          }
        }
      }
      if (page.size() < 500) {
        return resumed;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
  }

  private boolean resume(TenantId tenant, Document job) {
    Document stored = job.get("access", Document.class);
    if (stored == null) {
      return false; // started before resumption was built: it fails as stalled
    }
    String holder = holder();
    Instant now = clock.instant();
    Optional<Document> claimed =
        ExportRepository.claim(
            collections,
            tenant,
            job,
            holder,
            Date.from(now),
            Date.from(now.plus(settings.lease())));
    if (claimed.isEmpty()) {
      return false; // another instance was faster
    }
    Document j = claimed.get();
    Caller caller = ExportAccess.caller(stored, tenant);
    CallerAccess access = ExportAccess.access(stored);
    Instant started = j.getDate("transactionTime").toInstant();
    Optional<Reach> group =
        ExportAccess.group(stored)
            .map(g -> group(g, started, access.reach(runs.kind().permission())));
    Date since = j.getDate("since");
    ExportRun.Plan plan =
        new ExportRun.Plan(
            new ExportId(j.getString(ExportRepository.ID)),
            group,
            Set.copyOf(j.getList("types", String.class)),
            Optional.ofNullable(since).map(Date::toInstant),
            started,
            holder,
            Optional.of(
                Optional.ofNullable(j.get(ExportRepository.SEALED, Document.class))
                    .orElse(new Document())),
            j.get("done", Number.class).longValue(),
            Optional.ofNullable(j.get("params", Document.class)).orElse(new Document()));
    LOG.log(Level.INFO, "resuming export job {0}", plan.id());
    start(caller, access, plan);
    return true;
  }
}
