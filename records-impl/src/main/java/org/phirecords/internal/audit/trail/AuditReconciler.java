package org.phirecords.internal.audit.trail;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.model.Updates;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.internal.integrity.RecordSeals;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.PurposeOfUse;

/**
 * Closes write intents left open by a crash between a write and its outcome event: at start-up and
 * every minute, each old intent is checked against the store (is there a document at the intended
 * version stamped with this intent?) and its outcome is recorded as {@code SUCCESS} or {@code
 * ERROR} by the reconciler; a write later overwritten by another cannot be proven and is recorded
 * as {@code ERROR}. Changes of platform records (registry entries, key administration) are proven
 * by the intent ids the record keeps ({@link WriteIntent#APPLIED}). Intents are claimed first, so
 * several instances starting together do not record an outcome twice.
 */
@ApplicationScoped
public class AuditReconciler {
  private static final Logger LOG = Logger.getLogger(AuditReconciler.class.getName());
  private static final Duration CLAIM = Duration.ofMinutes(5);

  /** Counts of one run. */
  public record Result(int committed, int abandoned) {}

  private TenantCollections collections;
  private AuditTrail trail;

  /** For CDI. */
  protected AuditReconciler() {}

  /** Reconciles the trail of {@code trail}. */
  @Inject
  public AuditReconciler(TenantCollections collections, AuditTrail trail) {
    this.collections = collections;
    this.trail = trail;
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    runOnce();
    try {
      ManagedScheduledExecutorService scheduler =
          javax.naming.InitialContext.doLookup("java:comp/DefaultManagedScheduledExecutorService");
      // Also every minute: an instance restarted within a minute of a crash still reconciles.
      scheduler.scheduleWithFixedDelay(this::runOnce, 1, 1, TimeUnit.MINUTES);
    } catch (javax.naming.NamingException | RuntimeException e) {
      LOG.warning("no container scheduler: audit reconciliation runs at start-up only");
    }
  }

  private void runOnce() {
    try {
      Result r = reconcile(Duration.ofMinutes(1));
      if (r.committed() + r.abandoned() > 0) {
        LOG.warning(
            "audit reconciliation: "
                + r.committed()
                + " interrupted write(s) had taken effect, "
                + r.abandoned()
                + " had not; outcomes recorded");
      }
    } catch (RuntimeException e) {
      LOG.warning("audit reconciliation skipped: " + e.getClass().getName());
    }
  }

  /** Reconciles intents older than {@code age}. */
  public Result reconcile(Duration age) {
    var intents = collections.auditIntents();
    Instant cutoff = Instant.now().minus(age);
    int committed = 0;
    int abandoned = 0;
    while (true) {
      Document intent =
          intents.findOneAndUpdate(
              and(
                  lt("createdAt", Date.from(cutoff)),
                  or(
                      exists("claimedAt", false),
                      lt("claimedAt", Date.from(Instant.now().minus(CLAIM))))),
              Updates.set("claimedAt", new Date()));
      if (intent == null) {
        return new Result(committed, abandoned);
      }
      if (collections
              .auditLog()
              .countDocuments(
                  and(
                      eq("tenantId", intent.getString("tenantId")),
                      eq("intentId", intent.getString("_id")),
                      com.mongodb.client.model.Filters.ne("outcome", AuditOutcome.INTENDED.name())))
          > 0) {
        // Concluded already; only closing the intent had failed.
        intents.deleteOne(eq("_id", intent.getString("_id")));
        continue;
      }
      WriteIntent write =
          new WriteIntent(
              intent.getString("_id"),
              reconcilerIn(intent.getString("tenantId")),
              Permission.valueOf(intent.getString("permission")),
              Optional.ofNullable(intent.getString("action"))
                  .map(AuditAction::valueOf)
                  .orElse(Permission.valueOf(intent.getString("permission")).action()),
              intent.getString("id"),
              intent.getString("patientId"),
              intent.getString("operation"),
              intent.getString(AuditDocuments.EMERGENCY),
              IntegrationParts.declaredBy(intent));
      if (intent.containsKey(WriteIntent.ENTRIES)) {
        boolean any = BatchReconciliation.conclude(collections, trail, intent, write);
        committed += any ? 1 : 0;
        abandoned += any ? 0 : 1;
        continue;
      }
      Optional<Document> written = written(intent);
      boolean tookEffect = written.isPresent();
      // The written record's digest, as stored now, goes into the outcome (ADR 23).
      trail.concludeClaimed(
          write,
          tookEffect ? AuditOutcome.SUCCESS : AuditOutcome.ERROR,
          0,
          written.map(d -> d.get(RecordSeals.FIELD, Document.class)).orElse(null));
      if (tookEffect) {
        committed++;
      } else {
        abandoned++;
      }
    }
  }

  /** The write {@code intent} announced, if it took effect: its seal, if any (else empty). */
  private Optional<Document> written(Document intent) {
    StoredCollection collection = StoredCollection.valueOf(intent.getString("collection"));
    if (collection.platformRecords()) {
      return collections.applied(collection, intent.getString("id"), intent.getString("_id"))
          ? Optional.of(new Document())
          : Optional.empty();
    }
    String tenant = intent.getString("tenantId");
    if (tenant == null) {
      return Optional.empty();
    }
    return collections
        .forMaintenance(collection, new TenantId(tenant))
        .findOne(
            and(
                eq(intent.getString("idField"), intent.getString("id")),
                eq("version", intent.get("version", Number.class).longValue()),
                eq(WriteIntent.STAMP, intent.getString("_id"))),
            com.mongodb.client.model.Projections.include(RecordSeals.FIELD),
            null);
  }

  private static Caller reconcilerIn(String tenant) {
    return new Caller(
        "system:audit-reconciler",
        Optional.ofNullable(tenant).map(TenantId::new),
        Set.of(),
        Optional.empty(),
        PurposeOfUse.OPERATIONS,
        "local");
  }
}
