package org.phirecords.internal.crypto;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.MongoException;
import com.mongodb.client.model.vault.EncryptOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.store.SharedLoads;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantMemo;
import org.phirecords.internal.tenant.TenantRegistration;
import org.phirecords.internal.tenant.TenantRepository;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;

/**
 * Explicit client-side field-level encryption with one data key per tenant (keyAltName {@code
 * tenant:<id>}), created on first use or at onboarding. Lookup fields are encrypted
 * deterministically, all others randomly. Decryption refuses ciphertext whose data key belongs to
 * another tenant. Ciphertext is stored as {@link CiphertextRepresentation} says. Data keys are
 * wrapped by the shared master key or, with {@link TenantMasterKeys}, by the tenant's own.
 */
@ApplicationScoped
public class FieldCipher {
  private static final String DETERMINISTIC = "AEAD_AES_256_CBC_HMAC_SHA_512-Deterministic";
  private static final String RANDOM = "AEAD_AES_256_CBC_HMAC_SHA_512-Random";

  /**
   * Tenant of each data key id; a key never changes tenant, so entries never go stale. Bounded: a
   * key forgotten is only looked up in the key vault again, once for concurrent callers.
   */
  private final AsyncCache<String, String> keyTenants =
      Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).buildAsync();

  /**
   * The active data key per tenant, re-read after {@link #activeKeyTtl()}: spares a key-vault round
   * trip per field. After a data key rotation other instances switch within that time; a rotation
   * run re-encrypts whatever they wrote meanwhile.
   */
  private final TenantMemo<UUID> activeKeys = new TenantMemo<>();

  private static final Duration DEFAULT_ACTIVE_KEY_TTL = Duration.ofSeconds(10);
  private Duration activeKeyTtl = DEFAULT_ACTIVE_KEY_TTL;

  /** The old and new key of each tenant's unfinished data key rotation (none: empty). */
  private final TenantMemo<List<UUID>> rotating = new TenantMemo<>();

  private Encryptions encryptions;
  private DataKeyVault vault;
  private TenantCollections collections;
  private CiphertextRepresentation representation;

  /** For CDI. */
  protected FieldCipher() {}

  /**
   * Encryption with the key vault of {@code collections} and the KMS settings of {@code config}.
   */
  @Inject
  public FieldCipher(TenantCollections collections, RecordsConfig config) {
    this(collections, KmsSettings.from(config::value), config);
  }

  private FieldCipher(TenantCollections collections, KmsSettings kms, RecordsConfig config) {
    this(
        collections,
        kms,
        TenantMasterKeys.from(config::value, kms),
        CiphertextRepresentation.parse(config.ciphertextRepresentation()),
        DEFAULT_ACTIVE_KEY_TTL);
  }

  /** Encryption with explicit settings (tests). */
  public FieldCipher(
      TenantCollections collections,
      KmsSettings kms,
      CiphertextRepresentation representation,
      Duration activeKeyTtl) {
    this(collections, kms, TenantMasterKeys.off(kms), representation, activeKeyTtl);
  }

  /** Encryption with explicit settings, tenants' own master keys included (tests). */
  public FieldCipher(
      TenantCollections collections,
      KmsSettings kms,
      TenantMasterKeys tenantKeys,
      CiphertextRepresentation representation,
      Duration activeKeyTtl) {
    this.collections = collections;
    this.representation = representation;
    this.activeKeyTtl = activeKeyTtl;
    this.encryptions = new Encryptions(collections, kms, tenantKeys);
    this.vault = new DataKeyVault(encryptions, kms, tenantKeys, collections);
  }

  /** Encrypts a lookup value so that equal values give equal ciphertext within the tenant. */
  public BsonValue deterministic(TenantId tenant, BsonValue value) {
    return encrypt(tenant, value, DETERMINISTIC);
  }

  /**
   * Every stored form a lookup value may have in {@code tenant}: under the active key and, while a
   * data key rotation is unfinished, under the key being retired and the one replacing it (which
   * this instance may not use yet, while another's rotation already re-encrypts to it). What
   * rotation is under way is read at most once per {@link #activeKeyTtl()}, with the active key.
   */
  public List<BsonValue> deterministicAll(TenantId tenant, BsonValue value) {
    if (value == null || value.isNull()) {
      return java.util.Collections.singletonList(value);
    }
    Set<UUID> keys = new LinkedHashSet<>();
    keys.add(activeKey(tenant));
    keys.addAll(rotating.get(tenant, activeKeyTtl, this::rotatingKeys));
    List<BsonValue> forms = new java.util.ArrayList<>();
    for (UUID key : keys) {
      forms.add(encryptWith(key, value, DETERMINISTIC));
    }
    return forms;
  }

  /** The old and new key of {@code tenant}'s unfinished rotation, if any, as stored. */
  private List<UUID> rotatingKeys(TenantId tenant) {
    Document rotation =
        collections
            .keyRotations()
            .find(com.mongodb.client.model.Filters.eq("_id", tenant.value()))
            .first();
    List<UUID> keys = new java.util.ArrayList<>();
    if (rotation != null && !DataKeyRotation.DONE.equals(rotation.getString("status"))) {
      for (String field : List.of("oldKeyId", "newKeyId")) {
        if (rotation.getString(field) != null) {
          keys.add(UUID.fromString(rotation.getString(field)));
        }
      }
    }
    return List.copyOf(keys);
  }

  /** How long an instance may keep using a tenant's active key after it changed. */
  public Duration activeKeyTtl() {
    return activeKeyTtl;
  }

  /** Deterministic encryption under a given data key (rotation). */
  BsonValue deterministicWith(UUID key, BsonValue value) {
    return value == null || value.isNull() ? value : encryptWith(key, value, DETERMINISTIC);
  }

  /** Random encryption under a given data key (rotation). */
  BsonValue randomWith(UUID key, BsonValue value) {
    return value == null || value.isNull() ? value : encryptWith(key, value, RANDOM);
  }

  /** Encrypts a value with a random IV. */
  public BsonValue random(TenantId tenant, BsonValue value) {
    return encrypt(tenant, value, RANDOM);
  }

  private BsonValue encrypt(TenantId tenant, BsonValue value, String algorithm) {
    if (value == null || value.isNull()) {
      return value;
    }
    return encryptWith(activeKey(tenant), value, algorithm);
  }

  private BsonValue encryptWith(UUID key, BsonValue value, String algorithm) {
    try {
      EncryptOptions options =
          new EncryptOptions(algorithm).keyId(new BsonBinary(key, UuidRepresentation.STANDARD));
      BsonBinary ciphertext = encryptions.call(e -> e.encrypt(value, options));
      return representation.toStored(ciphertext);
    } catch (MongoException e) {
      throw new RecordsException(
          ErrorCode.KEY_MANAGEMENT_UNAVAILABLE, ErrorCode.KEY_MANAGEMENT_UNAVAILABLE.title(), e);
    }
  }

  /**
   * Decrypts a stored value of {@code tenant}. Refuses ciphertext of another tenant's key; a value
   * whose key was destroyed (crypto-shredding) is reported as {@code DATA_DESTROYED}.
   */
  public BsonValue decrypt(TenantId tenant, BsonValue stored) {
    if (stored == null || stored.isNull()) {
      return stored;
    }
    BsonBinary ciphertext = representation.fromStored(stored);
    UUID keyId = CiphertextRepresentation.keyIdOf(ciphertext);
    String owner = SharedLoads.get(keyTenants, keyId.toString(), () -> vault.ownerOf(keyId));
    if (owner.isEmpty()) {
      throw new RecordsException(ErrorCode.DATA_DESTROYED);
    }
    if (!owner.equals(tenant.value())) {
      throw new ForeignCiphertextException();
    }
    try {
      return encryptions.call(e -> e.decrypt(ciphertext));
    } catch (MongoException e) {
      if (encryptions.get().getKey(new BsonBinary(keyId, UuidRepresentation.STANDARD)) == null) {
        keyTenants.synchronous().invalidate(keyId.toString());
        throw new RecordsException(ErrorCode.DATA_DESTROYED);
      }
      throw new RecordsException(
          ErrorCode.KEY_MANAGEMENT_UNAVAILABLE, ErrorCode.KEY_MANAGEMENT_UNAVAILABLE.title(), e);
    }
  }

  /** The active data key of {@code tenant} (cached briefly), created if it does not exist. */
  public UUID activeKey(TenantId tenant) {
    return activeKeys.get(tenant, activeKeyTtl, this::ensureDataKey);
  }

  /** The data key id of {@code tenant}, creating the key if it does not exist yet. */
  public UUID ensureDataKey(TenantId tenant) {
    BsonDocument key =
        DataKeyVault.reaching(() -> encryptions.get().getKeyByAltName(DataKeyNames.active(tenant)));
    if (key != null) {
      return key.getBinary("_id").asUuid();
    }
    try {
      TenantStatus status =
          new TenantRepository(collections)
              .find(tenant)
              .map(TenantRegistration::status)
              .orElse(null);
      if (status == TenantStatus.OFFBOARDING || status == TenantStatus.OFFBOARDED) {
        // Crypto-shredded tenants never get a key again.
        throw new RecordsException(ErrorCode.TENANT_UNKNOWN);
      }
      return createKey(tenant, List.of(DataKeyNames.active(tenant)));
    } catch (MongoException raced) {
      // Another instance created it first (unique keyAltNames): use theirs.
      return Optional.ofNullable(encryptions.get().getKeyByAltName(DataKeyNames.active(tenant)))
          .map(k -> k.getBinary("_id").asUuid())
          .orElseThrow(() -> raced);
    }
  }

  /** Creates a data key of {@code tenant}: a permanent owner name plus {@code names}. */
  UUID createKey(TenantId tenant, List<String> names) {
    return vault.create(tenant, names);
  }

  /**
   * Makes {@code next} the active key of {@code tenant} in place of {@code current}. Returns false
   * if another key took the active name meanwhile (the caller then adopts that one).
   */
  boolean activate(TenantId tenant, UUID current, UUID next) {
    activeKeys.forget(tenant);
    rotating.forget(tenant);
    return vault.activate(tenant, current, next);
  }

  /** The id of the key holding {@code tenant}'s active name, if any (uncached). */
  public Optional<UUID> currentKey(TenantId tenant) {
    return vault.current(tenant);
  }

  /**
   * Crypto-shredding: destroys {@code tenant}'s data keys, and its own master key if it has one
   * (ADR 24), after which no identity field of the tenant can be decrypted by anyone. Returns
   * whether a data key was destroyed.
   */
  public boolean destroyDataKey(TenantId tenant) {
    List<UUID> destroyed = vault.destroy(tenant);
    destroyed.forEach(id -> keyTenants.synchronous().invalidate(id.toString()));
    activeKeys.forget(tenant);
    rotating.forget(tenant);
    return !destroyed.isEmpty();
  }

  /**
   * Re-wraps every data key with the configured master key (unwrapping each with the key it names,
   * the retiring one during a master key rotation); returns how many were rewrapped.
   */
  public long rewrapAll() {
    return vault.rewrapAll();
  }

  /** A string value for encryption. */
  public static BsonValue text(String value) {
    return value == null ? null : new BsonString(value);
  }

  /** Closes the key vault client. */
  @PreDestroy
  public void close() {
    encryptions.close();
  }
}
