package org.phirecords.internal.audit.alerts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.MongoException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.bson.Document;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.phirecords.audit.AnomalyDetected;
import org.phirecords.audit.AnomalyDetected.Kind;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.clinical.ClinicalRepository;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantMemo;
import org.phirecords.internal.tenant.TenantRegistration;
import org.phirecords.internal.tenant.TenantRepository;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;

/**
 * Watches stored audit events for anomalies, with thresholds per tenant: one user reading many
 * distinct patients in a window, access outside working hours, repeated denials, and requests
 * naming records of another tenant. Each user's recent reads and denials are kept in one small
 * activity document in the audit store (updated atomically, so counts hold across app instances).
 * In the container, counts are held in memory and flushed at intervals, one update per user per
 * interval (ADR 31; a crash loses at most one interval's counts: alerts are not audit); otherwise
 * one update per event, or one for all of a user's events that queue while the previous update
 * runs. Each alert is raised once per user, kind and window (a unique key decides). An alert fires
 * a CDI {@link AnomalyDetected} event, logs a line without PHI, counts a metric and is itself
 * audited.
 */
@ApplicationScoped
public class AnomalyAlerts {
  private static final Logger LOG = Logger.getLogger(AnomalyAlerts.class.getName());
  private static final Set<AuditAction> READS =
      Set.of(AuditAction.READ, AuditAction.SEARCH, AuditAction.EXPORT);

  /** Most alert keys {@link #remember} keeps. */
  private static final int MAX_REMEMBERED = 10_000;

  /** How long a tenant's thresholds are reused before its registry entry is read again. */
  static final Duration THRESHOLDS_REUSED = Duration.ofSeconds(10);

  private static final String PATIENTS = "patients";
  private static final String DENIALS = "denials";

  private final TenantMemo<AlertThresholds> thresholds = new TenantMemo<>();
  private Duration thresholdsReused = THRESHOLDS_REUSED;

  /** Alert keys raised or seen raised here; bounded, so a forgotten one costs a refused insert. */
  private final Cache<String, Boolean> raisedHere =
      Caffeine.newBuilder().maximumSize(MAX_REMEMBERED).executor(Runnable::run).build();

  private volatile boolean held;
  private volatile ScheduledFuture<?> flushing;
  private TenantCollections collections;
  private ActivityCounts activity;
  private AuditTrail trail;
  private Event<AnomalyDetected> alerts;
  private Instance<MetricRegistry> metrics;
  private RecordsConfig config;

  /** For CDI. */
  protected AnomalyAlerts() {}

  /** Alerts over the trail of {@code collections}. */
  @Inject
  public AnomalyAlerts(
      TenantCollections collections,
      AuditTrail trail,
      Event<AnomalyDetected> alerts,
      Instance<MetricRegistry> metrics,
      RecordsConfig config) {
    this.collections = collections;
    this.activity =
        new ActivityCounts(
            collections,
            (last, live) ->
                raise(last.event(), last.thresholds(), last.kind(), live, last.threshold()));
    this.trail = trail;
    this.alerts = alerts;
    this.metrics = metrics;
    this.config = config;
  }

  /** As above, reusing a tenant's thresholds for {@code thresholdsReused}. */
  AnomalyAlerts(
      TenantCollections collections,
      AuditTrail trail,
      Event<AnomalyDetected> alerts,
      Instance<MetricRegistry> metrics,
      RecordsConfig config,
      Duration thresholdsReused) {
    this(collections, trail, alerts, metrics, config);
    this.thresholdsReused = thresholdsReused;
  }

  /**
   * Holds counts in memory, flushed every {@code records.audit.alerts.flush-millis} (default 1000;
   * 0 or no container scheduler: one update per event) on the container's scheduler (ADR 31).
   */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    long millis =
        config.value("records.audit.alerts.flush-millis").map(Long::parseLong).orElse(1_000L);
    if (millis < 0) {
      throw new IllegalStateException("records.audit.alerts.flush-millis must be >= 0");
    }
    if (millis == 0) {
      return;
    }
    try {
      ManagedScheduledExecutorService scheduler =
          javax.naming.InitialContext.doLookup("java:comp/DefaultManagedScheduledExecutorService");
      flushing =
          scheduler.scheduleWithFixedDelay(
              this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
      held = true;
    } catch (javax.naming.NamingException | RuntimeException e) {
      LOG.warning("no container scheduler: anomaly counts are written per event");
    }
  }

  AnomalyAlerts holdingCounts() { // as in the container, for tests
    held = true;
    return this;
  }

  /**
   * Writes the counts held since the last flush, one update per user, and raises the alerts they
   * call for; returns them. What is held is lost if the process dies first (alerts are not audit).
   */
  public List<AnomalyDetected> flush() {
    return activity.flush();
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warning("anomaly counts not flushed: " + e.getClass().getName());
    }
  }

  /** Stops the schedule and writes what is held. */
  @PreDestroy
  void stop() {
    ScheduledFuture<?> f = flushing;
    if (f != null) {
      f.cancel(false);
      flushQuietly();
    }
  }

  void onStored(@ObservesAsync AuditEvent event) {
    try {
      evaluate(event);
    } catch (RuntimeException e) {
      LOG.warning("anomaly evaluation failed: " + e.getClass().getName());
    }
  }

  /**
   * Evaluates one stored event; returns the alerts raised while doing so. Reads and denials are
   * counted in the user's activity document by one update for all of the user's events queued at
   * that moment: where another thread is already updating this user's activity, the event joins the
   * next update, which that thread makes (and raises its alerts); events queued by other threads
   * meanwhile are counted, and their alerts returned, here.
   */
  public List<AnomalyDetected> evaluate(AuditEvent e) {
    if (e.tenant() == null
        || e.subject().startsWith("system:")
        || "anonymous".equals(e.subject())
        || e.outcome() == AuditOutcome.INTENDED) {
      return List.of();
    }
    TenantId tenant = new TenantId(e.tenant());
    AlertThresholds t = thresholds.get(tenant, thresholdsReused, this::readThresholds);
    List<ActivityCounts.Note> notes = new ArrayList<>(2);
    boolean person = AlertThresholds.judgedByVolumeAndHours(e);
    if (person
        && e.patientId() != null
        && e.outcome() == AuditOutcome.SUCCESS
        && READS.contains(e.action())) {
      notes.add(
          new ActivityCounts.Note(
              PATIENTS, e.patientId(), e, t, Kind.MANY_PATIENTS, t.distinctPatients()));
    }
    if (e.outcome() == AuditOutcome.DENIED) {
      notes.add(new ActivityCounts.Note(DENIALS, e.id(), e, t, Kind.REPEATED_DENIALS, t.denials()));
    }
    List<AnomalyDetected> raised = new ArrayList<>();
    if (!notes.isEmpty()) {
      raised.addAll(
          held
              ? activity.hold(tenant, e.subject(), notes)
              : activity.count(tenant, e.subject(), notes));
    }
    if (person && t.afterHours(e.occurredAt())) {
      raise(e, t, Kind.AFTER_HOURS, 0, 0).ifPresent(raised::add);
    }
    if (e.outcome() == AuditOutcome.NOT_FOUND && namesAnotherTenantsRecord(e, tenant)) {
      raise(e, t, Kind.CROSS_TENANT_ATTEMPT, 0, 0).ifPresent(raised::add);
    }
    return raised;
  }

  /**
   * The thresholds of {@code tenant} as its registry entry has them, read at most once per {@link
   * #thresholdsReused} (every read of PHI is an event); they grant nothing, so nothing waits on it.
   */
  private AlertThresholds readThresholds(TenantId tenant) {
    return AlertThresholds.of(
        config::value,
        new TenantRepository(collections)
            .find(tenant)
            .map(TenantRegistration::alerts)
            .orElse(TenantRegistration.Alerts.NONE));
  }

  private boolean namesAnotherTenantsRecord(AuditEvent e, TenantId tenant) {
    if (e.patientId() != null
        && PatientRepository.existsOutside(collections, e.patientId(), tenant)) {
      return true;
    }
    return e.resourceId() != null
        && e.resourceType() == ResourceType.CLINICAL_ENTRY
        && ClinicalRepository.existsOutside(collections, e.resourceId(), tenant);
  }

  /**
   * Keeps {@code key} of a raised alert so that later events of the window skip the store (the
   * unique key in the store stays the authority across instances). Bounded: forgotten keys only
   * cost one more refused insert.
   */
  private void remember(String key) {
    raisedHere.put(key, Boolean.TRUE);
  }

  private Optional<AnomalyDetected> raise(
      AuditEvent e, AlertThresholds t, Kind kind, long observed, long threshold) {
    long bucket = e.occurredAt().toEpochMilli() / t.window().toMillis();
    String key = e.tenant() + "|" + e.subject() + "|" + kind + "|" + bucket;
    if (raisedHere.getIfPresent(key) != null) {
      return Optional.empty(); // this instance already raised or saw it raised in this window
    }
    try {
      collections.auditAlerts().insertOne(new Document("_id", key).append("raisedAt", new Date()));
    } catch (MongoException failed) {
      if (org.phirecords.internal.store.StoreErrors.isDuplicateKey(failed)) {
        remember(key);
        return Optional.empty(); // already raised in this window, by another instance
      }
      throw failed;
    }
    remember(key);
    AnomalyDetected alert =
        new AnomalyDetected(e.tenant(), e.subject(), kind, observed, threshold, Instant.now());
    LOG.warning(
        String.format(
            "anomaly %s in tenant %s by user %s (observed %d, threshold %d)",
            kind, e.tenant(), e.subject(), observed, threshold));
    if (metrics.isResolvable()) {
      metrics.get().counter("phi_records_anomaly_alerts", new Tag("kind", kind.name())).inc();
    }
    trail.record(
        new Caller(
            "system:anomaly-alerts",
            Optional.of(new TenantId(e.tenant())),
            Set.of(),
            Optional.empty(),
            PurposeOfUse.COMPLIANCE,
            "local"),
        AuditAction.READ,
        ResourceType.AUDIT_TRAIL,
        e.subject(),
        null,
        AuditOutcome.SUCCESS,
        "AnomalyAlert." + kind,
        (int) Math.min(Integer.MAX_VALUE, observed));
    alerts.fireAsync(alert);
    return Optional.of(alert);
  }
}
