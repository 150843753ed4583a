package org.phirecords.internal.crypto;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.vault.DataKeyOptions;
import com.mongodb.client.model.vault.RewrapManyDataKeyOptions;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.TenantRegistration;
import org.phirecords.internal.tenant.TenantRepository;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;

/**
 * The data keys in the key vault: created, moved between active names, destroyed, re-wrapped. Any
 * failure to reach the vault is 503 {@code PHR-503-03}.
 */
final class DataKeyVault {
  /** Where the master keys of offboarded tenants that await deletion in the KMS are listed. */
  static final String SHREDDED_PREFIX = "_shredded:";

  private final Encryptions encryptions;
  private final KmsSettings kms;
  private final TenantMasterKeys tenantKeys;
  private final TenantCollections collections;

  DataKeyVault(
      Encryptions encryptions,
      KmsSettings kms,
      TenantMasterKeys tenantKeys,
      TenantCollections collections) {
    this.encryptions = encryptions;
    this.kms = kms;
    this.tenantKeys = tenantKeys;
    this.collections = collections;
  }

  /**
   * Creates a data key of {@code tenant}: a permanent owner name plus {@code names}, wrapped by the
   * tenant's own master key if tenants have their own (generated first for a local key), else by
   * the shared one.
   */
  UUID create(TenantId tenant, List<String> names) {
    List<String> all = new ArrayList<>(names);
    all.add(DataKeyNames.ownerName(tenant));
    DataKeyOptions options = new DataKeyOptions().keyAltNames(all);
    if (tenantKeys.enabled() && tenantKeys.ensureLocal(tenant)) {
      encryptions.refresh();
    }
    BsonDocument masterKey = tenantKeys.enabled() ? tenantKeys.masterKey(tenant) : kms.masterKey();
    if (masterKey != null) {
      options.masterKey(masterKey);
    }
    String provider = tenantKeys.enabled() ? tenantKeys.provider(tenant) : kms.wrapProvider();
    return encryptions.call(e -> e.createDataKey(provider, options)).asUuid();
  }

  /**
   * Moves {@code tenant}'s active name from {@code current} to {@code next}; false if another key
   * took the name meanwhile (the unique index on key names).
   */
  boolean activate(TenantId tenant, UUID current, UUID next) {
    BsonBinary currentId = new BsonBinary(current, UuidRepresentation.STANDARD);
    BsonBinary nextId = new BsonBinary(next, UuidRepresentation.STANDARD);
    var vault = collections.keyVault();
    String name = DataKeyNames.active(tenant);
    reaching(
        () -> vault.updateOne(Filters.eq("_id", currentId), Updates.pull("keyAltNames", name)));
    try {
      reaching(
          () -> vault.updateOne(Filters.eq("_id", nextId), Updates.addToSet("keyAltNames", name)));
      return true;
    } catch (RecordsException raced) {
      return false;
    }
  }

  /** The id of the key holding {@code tenant}'s active name, if any. */
  Optional<UUID> current(TenantId tenant) {
    return Optional.ofNullable(
            reaching(() -> encryptions.get().getKeyByAltName(DataKeyNames.active(tenant))))
        .map(k -> k.getBinary("_id").asUuid());
  }

  /**
   * Destroys every key {@code tenant} owns, and the tenant's local master key; the data key ids
   * destroyed. A KMS master key of the tenant's own is first listed for the operator to delete in
   * the KMS (ADR 24: the module holds no right to delete it), so a crash between cannot lose it.
   */
  List<UUID> destroy(TenantId tenant) {
    List<BsonBinary> keys = new ArrayList<>();
    List<BsonDocument> masterKeys = new ArrayList<>();
    for (BsonDocument key : encryptions.get().getKeys()) {
      if (DataKeyNames.owner(key).equals(tenant.value())) {
        keys.add(key.getBinary("_id"));
        BsonDocument masterKey = key.getDocument("masterKey", new BsonDocument());
        if (ownKmsKey(masterKey) && !masterKeys.contains(masterKey)) {
          masterKeys.add(masterKey);
        }
      }
    }
    if (!masterKeys.isEmpty()) {
      Document entry = new Document("tenant", tenant.value()).append("since", new Date());
      reaching(
          () ->
              collections
                  .keyRotations()
                  .updateOne(
                      Filters.eq("_id", SHREDDED_PREFIX + tenant.value()),
                      Updates.combine(
                          Updates.setOnInsert(entry),
                          Updates.addEachToSet(
                              "masterKeys",
                              masterKeys.stream()
                                  .map(k -> (Object) Document.parse(k.toJson()))
                                  .toList())),
                      new UpdateOptions().upsert(true)));
    }
    List<UUID> destroyed = new ArrayList<>();
    for (BsonBinary id : keys) {
      encryptions.get().deleteKey(id);
      destroyed.add(id.asUuid());
    }
    if (tenantKeys.destroyLocal(tenant)) {
      encryptions.refresh();
    }
    return destroyed;
  }

  /** Whether a data key's master key is a KMS key other than the shared one. */
  private boolean ownKmsKey(BsonDocument masterKey) {
    if (kms.masterKey() == null || masterKey.isEmpty()) {
      return false;
    }
    BsonDocument shared = kms.masterKey().clone();
    shared.put("provider", new BsonString(kms.wrapProvider()));
    return !masterKey.equals(shared);
  }

  /**
   * Re-wraps every data key with the configured master key: each tenant's under its own when
   * tenants have their own (the migration of tenants onboarded before), else all under the shared
   * one; how many were rewrapped. Keys of tenants being offboarded are left to be destroyed.
   */
  long rewrapAll() {
    if (!tenantKeys.enabled()) {
      return rewrap(new BsonDocument(), kms.wrapProvider(), kms.masterKey());
    }
    java.util.Map<String, List<BsonValue>> byOwner = new java.util.TreeMap<>();
    for (BsonDocument key : encryptions.get().getKeys()) {
      byOwner.computeIfAbsent(DataKeyNames.owner(key), o -> new ArrayList<>()).add(key.get("_id"));
    }
    var registry = new TenantRepository(collections);
    long rewrapped = 0;
    for (var e : byOwner.entrySet()) {
      BsonDocument ids =
          new BsonDocument("_id", new BsonDocument("$in", new BsonArray(e.getValue())));
      if (e.getKey().isEmpty()) {
        rewrapped += rewrap(ids, kms.wrapProvider(), kms.masterKey());
        continue;
      }
      TenantId tenant = new TenantId(e.getKey());
      TenantStatus status =
          registry.find(tenant).map(TenantRegistration::status).orElse(TenantStatus.ACTIVE);
      if (status == TenantStatus.OFFBOARDING || status == TenantStatus.OFFBOARDED) {
        continue;
      }
      if (tenantKeys.ensureLocal(tenant)) {
        encryptions.refresh();
      }
      rewrapped += rewrap(ids, tenantKeys.provider(tenant), tenantKeys.masterKey(tenant));
    }
    return rewrapped;
  }

  private long rewrap(BsonDocument filter, String provider, BsonDocument masterKey) {
    RewrapManyDataKeyOptions options = new RewrapManyDataKeyOptions().provider(provider);
    if (masterKey != null) {
      options.masterKey(masterKey);
    }
    var result = encryptions.call(e -> e.rewrapManyDataKey(filter, options));
    return result.getBulkWriteResult() == null ? 0 : result.getBulkWriteResult().getModifiedCount();
  }

  /** The tenant owning data key {@code keyId} ("" if none). */
  String ownerOf(UUID keyId) {
    BsonDocument key =
        reaching(
            () -> encryptions.get().getKey(new BsonBinary(keyId, UuidRepresentation.STANDARD)));
    return key == null ? "" : DataKeyNames.owner(key);
  }

  /** The result of {@code lookup}; 503 {@code PHR-503-03} when the vault cannot be reached. */
  static <T> T reaching(Supplier<T> lookup) {
    try {
      return lookup.get();
    } catch (MongoException e) {
      throw new RecordsException(
          ErrorCode.KEY_MANAGEMENT_UNAVAILABLE, ErrorCode.KEY_MANAGEMENT_UNAVAILABLE.title(), e);
    }
  }
}
