package org.phirecords.internal.store;

import com.mongodb.MongoException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.bson.Document;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.StoreUnavailableException;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.internal.security.AccessScope;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;

/**
 * Opens collections. Tenant data is reachable only through {@link TenantScopedCollection} handles
 * bound to the caller's tenant; the platform collections (tenant registry, audit append) are
 * reachable only from here too. Makes sure the indexes exist before the first use.
 */
@ApplicationScoped
public class TenantCollections {
  private static final Logger LOG = Logger.getLogger(TenantCollections.class.getName());

  /** The field of a platform record listing the write intents applied to it, newest last. */
  public static final String APPLIED = "appliedIntents";

  private final AtomicBoolean indexesReady = new AtomicBoolean();
  private final List<Consumer<TenantId>> registryWatchers = new CopyOnWriteArrayList<>();
  private MongoStores stores;

  /** For CDI. */
  protected TenantCollections() {}

  /** StoredCollection of {@code stores}. */
  @Inject
  public TenantCollections(MongoStores stores) {
    this.stores = stores;
  }

  /**
   * A handle on {@code collection} for {@code caller} exercising {@code permission}: bound to the
   * caller's tenant, and to the caller's own patient record where only the patient role grants the
   * permission. Fails closed without a tenant.
   */
  public TenantScopedCollection forCaller(
      StoredCollection collection, Caller caller, Permission permission) {
    return forCaller(collection, caller, permission, Reach.wholeTenant());
  }

  /**
   * As above, narrowed to {@code reach} below the tenant (ADR 27) where the collection holds
   * patients or documents belonging to them.
   */
  public TenantScopedCollection forCaller(
      StoredCollection collection, Caller caller, Permission permission, Reach reach) {
    return forCaller(collection, caller, permission, reach, List.of(), false);
  }

  /**
   * As above; a patient user's handle also reaches {@code alsoOwned}, the registrations merged into
   * their record (ADR 42); with {@code majorityCommitted} it reads only what a majority of the
   * replica set committed: what a failover could roll back is never shown (read concern majority).
   */
  public TenantScopedCollection forCaller(
      StoredCollection collection,
      Caller caller,
      Permission permission,
      Reach reach,
      List<PatientId> alsoOwned,
      boolean majorityCommitted) {
    TenantId tenant =
        caller.tenant().orElseThrow(() -> new UnauthenticatedException(ErrorCode.TENANT_MISSING));
    Optional<PatientId> owner =
        AccessScope.ownRecordOnly(caller, permission)
            ? Optional.of(
                caller
                    .linkedPatient()
                    .orElseThrow(() -> new IllegalStateException("patient caller without link")))
            : Optional.empty();
    ReachFilter filter =
        reach.isWholeTenant() || owner.isPresent() || !collection.patientData()
            ? null
            : new ReachFilter(
                reach,
                collection == StoredCollection.PATIENTS,
                collection != StoredCollection.EMERGENCY_ACCESS,
                raw(collection),
                raw(StoredCollection.PATIENTS),
                tenant);
    MongoCollection<Document> raw =
        majorityCommitted
            ? raw(collection).withReadConcern(com.mongodb.ReadConcern.MAJORITY)
            : raw(collection);
    return new TenantScopedCollection(
        raw, tenant, owner, alsoOwned, appendOnly(collection), filter);
  }

  /**
   * A handle on {@code collection} bound to {@code tenant}, for platform maintenance (key rotation)
   * that the caller's {@code TENANT_MANAGE} permission has authorized, for the module's own look-up
   * of a patient user's link before an operation opens, and for the integrity pass over the
   * caller's own tenant (ADR 23: ciphertext compared, ids reported). Never handed to tenant users'
   * operations otherwise.
   */
  public TenantScopedCollection forMaintenance(StoredCollection collection, TenantId tenant) {
    return new TenantScopedCollection(
        raw(collection), tenant, Optional.empty(), appendOnly(collection), null);
  }

  /**
   * The key vault collection itself, for moving a tenant's active key name between keys with plain
   * update operators (the embedded store lacks the pipeline updates the driver's helpers use).
   */
  public MongoCollection<Document> keyVault() {
    return raw(StoredCollection.DATA_KEYS);
  }

  /** The audit trail can only grow: handles on it refuse updates and deletes. */
  private static boolean appendOnly(StoredCollection collection) {
    return collection == StoredCollection.AUDIT_EVENTS;
  }

  /** Progress of data key rotations: platform data keyed by tenant id. */
  public MongoCollection<Document> keyRotations() {
    return raw(StoredCollection.KEY_ROTATIONS);
  }

  /**
   * Whether the platform record {@code id} of {@code collection} keeps {@code intentId} among the
   * intents applied to it (reconciliation of administrative changes).
   */
  public boolean applied(StoredCollection collection, String id, String intentId) {
    if (!collection.platformRecords()) {
      throw new IllegalArgumentException(collection + " holds no platform records");
    }
    return raw(collection)
            .countDocuments(
                com.mongodb.client.model.Filters.and(
                    com.mongodb.client.model.Filters.eq("_id", id),
                    com.mongodb.client.model.Filters.eq(APPLIED, intentId)))
        > 0;
  }

  /**
   * Revoked sessions, keyed by tenant (or {@code _platform} for the platform issuer's subjects),
   * issuer and subject; read by the token check before any operation opens.
   */
  public MongoCollection<Document> sessionRevocations() {
    return raw(StoredCollection.SESSION_REVOCATIONS);
  }

  /** Data migrations' lock and states (platform data keyed by {@code _id}, ADR 52). */
  public MongoCollection<Document> schemaMigrations() {
    return raw(StoredCollection.SCHEMA_MIGRATIONS);
  }

  /** The tenant registry: platform data, not tenant data. */
  public MongoCollection<Document> tenantRegistry() {
    return raw(StoredCollection.TENANTS);
  }

  /**
   * Runs {@code write} on {@code tenant}'s registry entry; whatever came of it, every watcher (the
   * lease on the tenant's standing, ADR 31) then forgets what it kept of the tenant, so this
   * instance's next request reads its own change.
   */
  public <T> T changingRegistry(TenantId tenant, Supplier<T> write) {
    try {
      return StoreCalls.reaching(write);
    } finally {
      registryWatchers.forEach(w -> w.accept(tenant));
    }
  }

  /** Tells {@code watcher} of each tenant whose registry entry this instance writes. */
  public void watchRegistry(Consumer<TenantId> watcher) {
    registryWatchers.add(watcher);
  }

  /** The audit trail, for appends acknowledged only once journaled. */
  public MongoCollection<Document> auditLog() {
    return raw(StoredCollection.AUDIT_EVENTS)
        .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
  }

  /** Users' recent activity counted by the anomaly alerts (platform data, keyed by user). */
  public MongoCollection<Document> auditActivity() {
    return raw(StoredCollection.AUDIT_ACTIVITY);
  }

  /** Anomaly alerts raised (platform data, keyed by tenant, user, kind and window). */
  public MongoCollection<Document> auditAlerts() {
    return raw(StoredCollection.AUDIT_ALERTS);
  }

  /**
   * Whether a document with {@code field} = {@code value} exists in a tenant other than {@code
   * tenant}. For anomaly detection only: the answer never reaches the caller.
   */
  public boolean existsOutside(
      StoredCollection collection, String field, String value, TenantId tenant) {
    return raw(collection)
            .countDocuments(
                com.mongodb.client.model.Filters.and(
                    com.mongodb.client.model.Filters.eq(field, value),
                    com.mongodb.client.model.Filters.ne(
                        TenantScopedCollection.TENANT, tenant.value())))
        > 0;
  }

  /** Open write intents (platform data, keyed by intent id). */
  public MongoCollection<Document> auditIntents() {
    return raw(StoredCollection.AUDIT_INTENTS)
        .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
  }

  /** The anchors of purged audit chains (platform data, keyed by chain). */
  public MongoCollection<Document> auditAnchors() {
    return raw(StoredCollection.AUDIT_ANCHORS)
        .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
  }

  /**
   * Removes the events of {@code chain} up to {@code seq}: used only by the retention purge, after
   * it anchored the chain, for events older than the retention period.
   */
  public long purgeAuditEvents(String chain, long seq) {
    return raw(StoredCollection.AUDIT_EVENTS)
        .withWriteConcern(WriteConcern.MAJORITY.withJournal(true))
        .deleteMany(
            com.mongodb.client.model.Filters.and(
                com.mongodb.client.model.Filters.eq(TenantScopedCollection.TENANT, chain),
                com.mongodb.client.model.Filters.lte("seq", seq)))
        .getDeletedCount();
  }

  /**
   * Removes the documents of {@code collection} whose {@code expiresAt} is before {@code now}, in
   * every tenant: the sweep of expired bulk exports (ADR 38); how many.
   */
  public long sweepExpired(StoredCollection collection, java.util.Date now) {
    if (!collection.expiring()) {
      throw new IllegalArgumentException(collection + " does not expire");
    }
    return raw(collection)
        .deleteMany(com.mongodb.client.model.Filters.lt("expiresAt", now))
        .getDeletedCount();
  }

  /** The heads of the audit chains (platform data, keyed by chain). */
  public MongoCollection<Document> auditHeads() {
    return raw(StoredCollection.AUDIT_HEADS)
        .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
  }

  /** Settings for the key vault client of client-side encryption, and its namespace. */
  public com.mongodb.MongoClientSettings keyVaultClientSettings() {
    ensureIndexes();
    return stores.settings(StoredCollection.DATA_KEYS.store());
  }

  /** The key vault namespace, {@code database.collection}. */
  public String keyVaultNamespace() {
    return stores.databaseName(StoredCollection.DATA_KEYS.store())
        + "."
        + StoredCollection.DATA_KEYS.collectionName();
  }

  private MongoCollection<Document> raw(StoredCollection collection) {
    ensureIndexes();
    return stores.database(collection.store()).getCollection(collection.collectionName());
  }

  private void ensureIndexes() {
    if (indexesReady.get()) {
      return;
    }
    try {
      Map<StoredCollection, List<IndexModel>> all = new java.util.EnumMap<>(StoredCollection.class);
      all.putAll(IndexCatalog.indexes());
      all.putAll(IndexCatalog.platformIndexes());
      for (Map.Entry<StoredCollection, List<IndexModel>> e : all.entrySet()) {
        stores
            .database(e.getKey().store())
            .getCollection(e.getKey().collectionName())
            .createIndexes(e.getValue());
      }
      indexesReady.set(true);
      LOG.info("PHI Records indexes are in place");
    } catch (MongoException e) {
      // Unique indexes carry the concurrency guarantees: refuse to work without them.
      throw new StoreUnavailableException(e);
    }
  }
}
