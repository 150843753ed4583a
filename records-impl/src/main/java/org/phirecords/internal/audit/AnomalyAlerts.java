package org.phirecords.internal.audit;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.phirecords.audit.AnomalyDetected;
import org.phirecords.audit.AnomalyDetected.Kind;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.tenancy.Collections;
import org.phirecords.internal.tenancy.TenantCollections;
import org.phirecords.internal.tenancy.TenantMemo;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;

/**
 * Watches stored audit events for anomalies, with thresholds per tenant: one user reading many
 * distinct patients in a window, access outside working hours, repeated denials, and requests
 * naming records of another tenant. Each user's recent reads and denials are kept in one small
 * activity document in the audit store (updated atomically, so counts hold across app instances,
 * and costing one update per event however long the trail); each alert is raised once per user,
 * kind and window (a unique key decides). An alert fires a CDI {@link AnomalyDetected} event, logs
 * a line without PHI, counts a metric and is itself audited.
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

  private final TenantMemo<AlertThresholds> thresholds = new TenantMemo<>();
  private Duration thresholdsReused = THRESHOLDS_REUSED;
  private final Set<String> raisedHere = ConcurrentHashMap.newKeySet();
  private TenantCollections collections;
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

  void onStored(@ObservesAsync AuditEvent event) {
    try {
      evaluate(event);
    } catch (RuntimeException e) {
      LOG.warning("anomaly evaluation failed: " + e.getClass().getName());
    }
  }

  /** Evaluates one stored event; returns the alerts it raised. */
  public List<AnomalyDetected> evaluate(AuditEvent e) {
    if (e.tenant() == null
        || e.subject().startsWith("system:")
        || "anonymous".equals(e.subject())
        || e.outcome() == AuditOutcome.INTENDED) {
      return List.of();
    }
    TenantId tenant = new TenantId(e.tenant());
    AlertThresholds t = thresholds.get(tenant, thresholdsReused, this::readThresholds);
    Date since = Date.from(e.occurredAt().minus(t.window()));
    Date at = Date.from(e.occurredAt());
    List<AnomalyDetected> raised = new ArrayList<>();
    if (e.patientId() != null
        && e.outcome() == AuditOutcome.SUCCESS
        && READS.contains(e.action())) {
      long patients =
          recent(tenant, e.subject(), "patients", e.patientId(), at, since, t.distinctPatients());
      if (patients > t.distinctPatients()) {
        raise(e, t, Kind.MANY_PATIENTS, patients, t.distinctPatients()).ifPresent(raised::add);
      }
    }
    if (e.outcome() == AuditOutcome.DENIED) {
      long denials = recent(tenant, e.subject(), "denials", e.id(), at, since, t.denials());
      if (denials > t.denials()) {
        raise(e, t, Kind.REPEATED_DENIALS, denials, t.denials()).ifPresent(raised::add);
      }
    }
    if (t.afterHours(e.occurredAt())) {
      raise(e, t, Kind.AFTER_HOURS, 0, 0).ifPresent(raised::add);
    }
    if (e.outcome() == AuditOutcome.NOT_FOUND && namesAnotherTenantsRecord(e, tenant)) {
      raise(e, t, Kind.CROSS_TENANT_ATTEMPT, 0, 0).ifPresent(raised::add);
    }
    return raised;
  }

  /**
   * The thresholds of {@code tenant} as its registry entry has them; read through {@link
   * #thresholds} at most once per {@link #thresholdsReused} (not once per event: every read of PHI
   * is an event). A tenant admin's change to the thresholds therefore applies within that time on
   * every instance. Thresholds tune detection; they grant nothing, so no access decision waits on
   * this.
   */
  private AlertThresholds readThresholds(TenantId tenant) {
    Document registry = collections.tenantRegistry().find(eq("_id", tenant.value())).first();
    return AlertThresholds.of(
        config::value, registry == null ? null : registry.get("alerts", Document.class));
  }

  /**
   * Notes {@code key} (a patient read, a denial) at {@code at} in the user's activity document and
   * returns how many distinct keys of {@code field} it holds from {@code since} on. Keys older than
   * that are dropped when seen; and once the document holds more than twice {@code threshold + 1}
   * keys, all but the {@code threshold + 1} most recent go: whether more than {@code threshold}
   * distinct keys fall in the window depends on those alone (a dropped key is older than every kept
   * one), and the document stays small however many patients a user reads (a user reading thousands
   * made every event move the whole list). One atomic update by id per event, whatever the size of
   * the trail, plus one to drop keys about every {@code threshold + 1} events of a busy user (not
   * on every event, which doubled its writes); correct with any number of instances updating the
   * same document (keys are opaque ids: no dots, no $).
   */
  private long recent(
      TenantId tenant,
      String subject,
      String field,
      String key,
      Date at,
      Date since,
      long threshold) {
    MongoCollection<Document> activity = collections.auditActivity();
    String id = tenant.value() + "|" + subject;
    Document doc =
        activity.findOneAndUpdate(
            eq("_id", id),
            Updates.combine(
                Updates.set("tenantId", tenant.value()), Updates.max(field + "." + key, at)),
            new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    Document seen = doc == null ? null : doc.get(field, Document.class);
    if (seen == null) {
      return 1;
    }
    long keep = threshold + 1;
    List<Map.Entry<String, Date>> live = new ArrayList<>();
    List<Bson> dropped = new ArrayList<>();
    for (var entry : seen.entrySet()) {
      if (entry.getValue() instanceof Date when && !when.before(since)) {
        live.add(Map.entry(entry.getKey(), when));
      } else {
        dropped.add(Updates.unset(field + "." + entry.getKey()));
      }
    }
    // Keys past the window go as soon as they are seen; surplus recent ones only in bulk.
    boolean crowded = seen.size() > 2 * keep;
    if (crowded && live.size() > keep) {
      live.sort(Map.Entry.comparingByValue());
      for (var oldest : live.subList(0, (int) (live.size() - keep))) {
        dropped.add(Updates.unset(field + "." + oldest.getKey()));
      }
    }
    if (!dropped.isEmpty()) {
      activity.updateOne(eq("_id", id), Updates.combine(dropped));
    }
    return live.size();
  }

  private boolean namesAnotherTenantsRecord(AuditEvent e, TenantId tenant) {
    if (e.patientId() != null
        && collections.existsOutside(Collections.PATIENTS, "patientId", e.patientId(), tenant)) {
      return true;
    }
    return e.resourceId() != null
        && e.resourceType() == ResourceType.CLINICAL_ENTRY
        && collections.existsOutside(
            Collections.CLINICAL_ENTRIES, "recordId", e.resourceId(), tenant);
  }

  /**
   * Keeps {@code key} of a raised alert so that later events of the window skip the store (the
   * unique key in the store stays the authority across instances). Bounded: forgotten keys only
   * cost one more refused insert.
   */
  private void remember(String key) {
    if (raisedHere.size() >= MAX_REMEMBERED) {
      raisedHere.clear();
    }
    raisedHere.add(key);
  }

  private Optional<AnomalyDetected> raise(
      AuditEvent e, AlertThresholds t, Kind kind, long observed, long threshold) {
    long bucket = e.occurredAt().toEpochMilli() / t.window().toMillis();
    String key = e.tenant() + "|" + e.subject() + "|" + kind + "|" + bucket;
    if (raisedHere.contains(key)) {
      return Optional.empty(); // this instance already raised or saw it raised in this window
    }
    try {
      collections.auditAlerts().insertOne(new Document("_id", key).append("raisedAt", new Date()));
    } catch (MongoException failed) {
      if (org.phirecords.internal.tenancy.StoreErrors.isDuplicateKey(failed)) {
        remember(key);
        return Optional.empty(); // already raised in this window, by another instance
      }
      throw failed;
    }
    remember(key);
    AnomalyDetected alert =
        new AnomalyDetected(e.tenant(), e.subject(), kind, observed, threshold, Instant.now());
    LOG.warning(
        "anomaly "
            + kind
            + " in tenant "
            + e.tenant()
            + " by user "
            + e.subject()
            + " (observed "
            + observed
            + ", threshold "
            + threshold
            + ")");
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
