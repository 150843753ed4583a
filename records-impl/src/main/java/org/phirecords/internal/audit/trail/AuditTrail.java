package org.phirecords.internal.audit.trail;

import static org.phirecords.audit.AuditOutcome.INTENDED;

import com.mongodb.MongoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ChainCheckpoint;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.AuditUnavailableException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.chain.AuditChainVerifier;
import org.phirecords.internal.audit.chain.AuditChainWriter;
import org.phirecords.internal.audit.chain.ChainKey;
import org.phirecords.internal.audit.chain.ChainSettings;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.integrity.RecordSeals;
import org.phirecords.internal.metrics.RecordsMetrics;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;

/**
 * The audit trail (invariant 3, docs/architecture.md). {@link #record} returns only once the event
 * is journaled; if it cannot be stored it throws {@link AuditUnavailableException}, and the caller
 * must then neither return PHI nor acknowledge a write. Stored events are then fired as CDI events.
 */
@ApplicationScoped
public class AuditTrail {
  private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

  private TenantCollections collections;
  private Event<AuditEvent> events;
  private ChainSettings chains;
  private AuditObserverThreads observers = new AuditObserverThreads();
  private volatile AuditChainWriter writer;
  private ConcludedIntents concluded;
  private volatile RecordSeals seals;
  private IntegrationParts integration = new IntegrationParts(null, null);
  private RecordsMetrics metrics = RecordsMetrics.none();

  /** For CDI. */
  protected AuditTrail() {}

  /** The trail of {@code collections}; events and checkpoints are fired on {@code observers}. */
  @Inject
  public AuditTrail(
      TenantCollections collections,
      Event<AuditEvent> events,
      Event<ChainCheckpoint> checkpoints,
      Event<org.phirecords.integration.IntegrationEvent> integrationEvents,
      RecordsConfig config,
      AuditObserverThreads observers) {
    this.collections = collections;
    this.events = events;
    this.observers = observers;
    this.integration = new IntegrationParts(integrationEvents, observers::options);
    this.chains =
        ChainSettings.from(config::value, c -> checkpoints.fireAsync(c, observers.options()));
    this.concluded = new ConcludedIntents(collections::auditIntents, this.chains.headLag());
  }

  /** Appends to the audit collection of {@code collections}; notifies {@code events}. */
  public AuditTrail(TenantCollections collections, Event<AuditEvent> events, ChainKey key) {
    this(collections, events, ChainSettings.of(key));
  }

  /** The same with the chain settings {@code chains}. */
  public AuditTrail(TenantCollections collections, Event<AuditEvent> events, ChainSettings chains) {
    this.collections = collections;
    this.events = events;
    this.chains = chains;
    this.concluded = new ConcludedIntents(collections::auditIntents, this.chains.headLag());
  }

  /** Fires the integration events of stored outcomes on {@code integrationEvents} (ADR 35). */
  public void fireIntegrationEvents(Event<org.phirecords.integration.IntegrationEvent> e) {
    integration = new IntegrationParts(e, observers::options);
  }

  /** Reports the group commit and the heads waiting to move to {@code metrics} (ADR 50). */
  @Inject
  public void measuredBy(RecordsMetrics metrics) {
    this.metrics = metrics;
  }

  private AuditChainWriter writer() {
    AuditChainWriter w = writer;
    return w != null ? w : newWriter();
  }

  private synchronized AuditChainWriter newWriter() {
    if (writer == null) {
      writer =
          new AuditChainWriter(
              collections.auditLog(),
              collections.auditHeads(),
              chains.keys().active(),
              chains.checkpoints(),
              chains.headLag());
      writer.listen(metrics.groupCommits());
      metrics.gauge("phi_records_audit_chain_heads_behind", writer::headsBehind);
    }
    return writer;
  }

  /** Moves the chain heads left to move later (ADR 31) now: tests, and before shutting down. */
  public void settleHeads() {
    writer().settleHeads();
  }

  /** Builds and durably records an event of {@code caller}. */
  public AuditEvent record(
      Caller caller,
      AuditAction action,
      ResourceType type,
      String resourceId,
      String patientId,
      AuditOutcome outcome,
      String operation,
      int resultCount) {
    return record(
        caller, action, type, resourceId, patientId, outcome, operation, resultCount, null);
  }

  /** As above, for an access under the break-glass declaration {@code emergencyId} (ADR 28). */
  public AuditEvent record(
      Caller caller,
      AuditAction action,
      ResourceType type,
      String resourceId,
      String patientId,
      AuditOutcome outcome,
      String operation,
      int resultCount,
      String emergencyId) {
    var event =
        AuditDocuments.event(
            caller, action, type, resourceId, patientId, outcome, operation, resultCount);
    event = emergencyId == null ? event : AuditDocuments.underDeclaration(event, emergencyId);
    store(event, null, null);
    return event;
  }

  /**
   * Announces a write ({@code action}) before it happens: an {@code INTENDED} event and an open
   * intent saying how to tell whether it took effect ({@code idField} = {@code id} at a version of
   * at least {@code version} in {@code collection}); {@link #conclude} records the outcome, or
   * after a crash {@link AuditReconciler}. {@code emergencyId}: its break-glass declaration (ADR
   * 28).
   */
  public WriteIntent intend(
      Caller caller,
      Permission permission,
      AuditAction action,
      StoredCollection collection,
      String idField,
      String id,
      String patientId,
      long version,
      String operation,
      String emergencyId) {
    WriteIntent intent =
        new WriteIntent(
            UUID.randomUUID().toString(),
            caller,
            permission,
            action,
            id,
            patientId,
            operation,
            emergencyId);
    return intend(intent, collection, idField, version);
  }

  /** Announces {@code intent}, a write of version {@code version} of its record, as above. */
  public WriteIntent intend(
      WriteIntent intent, StoredCollection collection, String idField, long version) {
    return announce(intent, intent.openIntent(collection, idField, version));
  }

  /**
   * Announces a batch of new records ({@code ids}, in {@code idField} of {@code collection},
   * version 1) before they are written (ADR 34): one {@code INTENDED} event and one open intent
   * listing the ids and, unless null (patients), the {@code patients} they are about; record {@code
   * i} is stamped with {@link WriteIntent#entry}{@code (i, ...)}'s id. {@link #concludeBatch}
   * records the outcome, or after a crash {@link AuditReconciler}.
   */
  public WriteIntent intendBatch(
      WriteIntent batch,
      StoredCollection collection,
      String idField,
      List<String> ids,
      List<String> patients) {
    Document open = batch.openIntent(collection, idField, 1L).append(WriteIntent.ENTRIES, ids);
    return announce(batch, patients == null ? open : open.append(WriteIntent.PATIENTS, patients));
  }

  private WriteIntent announce(WriteIntent intent, Document open) {
    // The open intent first: an INTENDED event is then never left without one to conclude it.
    try {
      collections.auditIntents().insertOne(open);
    } catch (MongoException e) {
      throw new AuditUnavailableException(e);
    }
    store(AuditDocuments.event(intent, INTENDED, 0), intent.id(), null);
    return intent;
  }

  /** Records how an announced write ended and closes the intent. */
  public void conclude(WriteIntent intent, AuditOutcome outcome, int resultCount) {
    conclude(intent, outcome, resultCount, null);
  }

  /** The same, the outcome carrying the written record's digest {@code seal} (ADR 23). */
  public void conclude(WriteIntent intent, AuditOutcome outcome, int resultCount, Document seal) {
    intent.claim(collections.auditIntents());
    concludeClaimed(intent, outcome, resultCount, seal);
  }

  /**
   * Records how an announced batch ended (ADR 34): an event per record {@code written} (its id and
   * digest, under its entry's stamp), then the batch's outcome with their count, then, if {@code
   * refused} entries were already present, a {@code CONFLICT} with that count; appended together.
   */
  public void concludeBatch(WriteIntent batch, List<WriteIntent.Entry> written, int refused) {
    batch.claim(collections.auditIntents());
    concludeBatchClaimed(batch, written, refused, AuditOutcome.SUCCESS);
  }

  /** The same for a batch this caller has claimed; the batch's own event with {@code outcome}. */
  void concludeBatchClaimed(
      WriteIntent batch, List<WriteIntent.Entry> written, int refused, AuditOutcome outcome) {
    List<AuditEvent> all = BatchEvents.of(batch, written, refused, outcome);
    storeAll(all, BatchEvents.stored(batch, written, all));
    concluded.remove(batch.id());
  }

  /**
   * Records the module's in-place {@code rewrite} of a record (key rotation), before it is made,
   * with the record's new digest {@code seal} (ADR 23); the rewrite carries the same stamp.
   */
  public void recordRewrite(WriteIntent rewrite, Document seal) {
    store(AuditDocuments.event(rewrite, AuditOutcome.SUCCESS, 1), rewrite.id(), seal);
  }

  /** Records the outcome of an intent this caller has claimed, and closes it. */
  void concludeClaimed(WriteIntent intent, AuditOutcome outcome, int resultCount, Document seal) {
    AuditEvent event = AuditDocuments.event(intent, outcome, resultCount);
    storeAll(List.of(event), List.of(IntegrationParts.stored(event, intent, outcome, seal)));
    concluded.remove(intent.id());
  }

  /** Durably stores {@code event}, then fires it. */
  public void store(AuditEvent event) {
    store(event, null, null);
  }

  private void store(AuditEvent event, String intentId, Document seal) {
    storeAll(List.of(event), List.of(AuditDocuments.stored(event, intentId, seal)));
  }

  /** Durably stores {@code docs} (the stored form of {@code all}) together, then fires them. */
  private void storeAll(List<AuditEvent> all, List<Document> docs) {
    List<Document> stored;
    try {
      stored = writer().appendAll(docs);
    } catch (MongoException | RecordsException e) {
      // The cause's type only: driver messages can quote commands and thus data.
      LOG.log(Level.SEVERE, "audit store write failed: {0}", e.getClass().getName());
      throw new AuditUnavailableException(e);
    }
    all.forEach(event -> events.fireAsync(event, observers.options()));
    integration.fire(stored);
  }

  /** The verifier of this trail's chains, with their checkpoints. */
  public AuditChainVerifier verifier() {
    return new AuditChainVerifier(
            collections.auditLog(),
            collections.auditHeads(),
            collections.auditAnchors(),
            chains.keys())
        .withCheckpoints(chains::checkpointsOf);
  }

  /** The seals of stored records, under integrity keys derived from the chain keys (ADR 23). */
  public RecordSeals recordSeals() {
    RecordSeals s = seals; // a race derives the same keys twice: harmless
    return s != null ? s : (seals = RecordSeals.of(chains.keys()));
  }

  /** The active chain key (for the retention purge's anchors). */
  public ChainKey key() {
    return chains.keys().active();
  }
}
