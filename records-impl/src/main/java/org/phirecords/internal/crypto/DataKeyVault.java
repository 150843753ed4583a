package org.phirecords.internal.crypto;

import com.mongodb.MongoException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.vault.DataKeyOptions;
import com.mongodb.client.model.vault.RewrapManyDataKeyOptions;
import com.mongodb.client.vault.ClientEncryption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.UuidRepresentation;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.TenantId;

/**
 * The data keys in the key vault: created, moved between active names, destroyed, re-wrapped. Any
 * failure to reach the vault is 503 {@code PHR-503-03}.
 */
final class DataKeyVault {
  private final ClientEncryption encryption;
  private final KmsSettings kms;
  private final TenantCollections collections;

  DataKeyVault(ClientEncryption encryption, KmsSettings kms, TenantCollections collections) {
    this.encryption = encryption;
    this.kms = kms;
    this.collections = collections;
  }

  /** Creates a data key of {@code tenant}: a permanent owner name plus {@code names}. */
  UUID create(TenantId tenant, List<String> names) {
    List<String> all = new ArrayList<>(names);
    all.add(DataKeyNames.ownerName(tenant));
    DataKeyOptions options = new DataKeyOptions().keyAltNames(all);
    if (kms.masterKey() != null) {
      options.masterKey(kms.masterKey());
    }
    return encryption.createDataKey(kms.wrapProvider(), options).asUuid();
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
            reaching(() -> encryption.getKeyByAltName(DataKeyNames.active(tenant))))
        .map(k -> k.getBinary("_id").asUuid());
  }

  /** Destroys every key {@code tenant} owns; the ids destroyed. */
  List<UUID> destroy(TenantId tenant) {
    List<BsonBinary> keys = new ArrayList<>();
    for (BsonDocument key : encryption.getKeys()) {
      if (DataKeyNames.owner(key).equals(tenant.value())) {
        keys.add(key.getBinary("_id"));
      }
    }
    List<UUID> destroyed = new ArrayList<>();
    for (BsonBinary id : keys) {
      encryption.deleteKey(id);
      destroyed.add(id.asUuid());
    }
    return destroyed;
  }

  /** Re-wraps every data key with the configured master key; how many were rewrapped. */
  long rewrapAll() {
    RewrapManyDataKeyOptions options = new RewrapManyDataKeyOptions().provider(kms.wrapProvider());
    if (kms.masterKey() != null) {
      options.masterKey(kms.masterKey());
    }
    var result = encryption.rewrapManyDataKey(new BsonDocument(), options);
    return result.getBulkWriteResult() == null ? 0 : result.getBulkWriteResult().getModifiedCount();
  }

  /** The tenant owning data key {@code keyId} ("" if none). */
  String ownerOf(UUID keyId) {
    BsonDocument key =
        reaching(() -> encryption.getKey(new BsonBinary(keyId, UuidRepresentation.STANDARD)));
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
