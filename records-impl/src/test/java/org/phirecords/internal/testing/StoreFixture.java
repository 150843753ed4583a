package org.phirecords.internal.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import jakarta.enterprise.event.Event;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.mockito.Mockito;
import org.phirecords.audit.AuditEvent;
import org.phirecords.internal.access.MongoPatientRights;
import org.phirecords.internal.amendment.AmendmentRequests;
import org.phirecords.internal.audit.chain.AuditRetention;
import org.phirecords.internal.audit.chain.ChainKey;
import org.phirecords.internal.audit.chain.ChainSettings;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.crypto.CiphertextRepresentation;
import org.phirecords.internal.crypto.FieldCipher;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.crypto.KmsSettings;
import org.phirecords.internal.link.LinkedRecords;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.organisation.AccessModels;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.security.AuthorizationInterceptor;
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.internal.store.MongoStores;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.MongoTenantSettings;
import org.phirecords.internal.tenant.TenantStatusLookup;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;

/**
 * Owns an in-process MongoDB-wire server (memory backend) and the module's plumbing wired by hand:
 * the real driver against a real wire-protocol server, with a caller that tests switch.
 */
public final class StoreFixture implements AutoCloseable {
  /** Separate servers so that a test can take the audit store down alone. */
  public final MongoServer dataServer = new MongoServer(new MemoryBackend());

  public final MongoServer auditServer = new MongoServer(new MemoryBackend());
  public final String dataUri;
  public final RecordsConfig config;
  public final MongoStores stores;
  public final TenantCollections collections;
  public final AuditTrail audit;
  public final CurrentCaller callers;
  public final FieldCipher cipher;
  public final IdentityProtection protection;
  public final FreeTextProtection freeText;
  public final Operations operations;

  /** The grants' access models the interceptor reads (ADR 27). */
  public final AccessModels scopes;

  /**
   * The real authorization interceptor over {@link #callers}; a tenant the test did not register
   * counts as active (tests register one to try other states).
   */
  public final AuthorizationInterceptor interceptor;

  /** The local master key of the fixture's key vault. */
  public final String masterKey;

  @SuppressWarnings("unchecked")
  public final Event<AuditEvent> events = Mockito.mock(Event.class);

  private final AtomicReference<Caller> caller = new AtomicReference<>();
  private final AtomicReference<String> actingFor = new AtomicReference<>();

  /** The clock personal representatives' grants are judged by (ADR 46); real time until moved. */
  public final MovableClock clock = new MovableClock(java.time.Instant.now());

  /** How long the fixture's ciphers cache a tenant's active key. */
  public static final java.time.Duration KEY_CACHE = java.time.Duration.ofMillis(300);

  /** The audit chain key of the fixture. */
  public static final ChainKey CHAIN_KEY = ChainKey.of(new byte[32]);

  /** The store commands of the fixture's clients (ADR 31). */
  public final StoreCommands commands = new StoreCommands();

  public StoreFixture() {
    this(null);
  }

  /**
   * With {@code headLag} not null, wired as deployed (ADR 31): a tenant's standing and the access
   * model kept for their default bounds, chain heads moved up to {@code headLag} after the append.
   */
  public StoreFixture(java.time.Duration headLag) {
    this(headLag, randomMasterKey());
  }

  /**
   * With the local master key {@code masterKey}: over stores loaded with documents a fixture of the
   * same key wrote (a previous format's, ADR 52).
   */
  public StoreFixture(java.time.Duration headLag, String masterKey) {
    this.masterKey = masterKey;
    dataUri = uri(dataServer.bind());
    String auditUri = uri(auditServer.bind());
    config =
        new RecordsConfig(
            new MapConfig()
                .with("records.mongodb.uri", dataUri + "/?serverSelectionTimeoutMS=1000")
                .with("records.mongodb.audit.uri", auditUri + "/?serverSelectionTimeoutMS=1000")
                .with("records.organisations.scope-cache-seconds", headLag == null ? "0" : "30"));
    stores = new MongoStores(config, commands);
    collections = new TenantCollections(stores);
    audit =
        headLag == null
            ? new AuditTrail(collections, events, CHAIN_KEY)
            : new AuditTrail(collections, events, ChainSettings.of(CHAIN_KEY).withHeadLag(headLag));
    callers =
        new CurrentCaller(
            new org.phirecords.spi.CallerResolver() {
              @Override
              public Optional<Caller> currentCaller() {
                return Optional.ofNullable(caller.get());
              }

              @Override
              public Optional<String> actingFor() {
                return Optional.ofNullable(actingFor.get());
              }
            });
    cipher =
        new FieldCipher(
            collections,
            KmsSettings.from(
                new MapConfig().with("records.crypto.local.master-key", masterKey)::get),
            CiphertextRepresentation.SUBTYPE_0,
            KEY_CACHE);
    protection = new IdentityProtection(cipher);
    freeText = new FreeTextProtection(cipher);
    operations = new Operations(collections, audit);
    TenantStatusLookup tenants =
        new TenantStatusLookup(
            collections,
            null,
            headLag == null ? java.time.Duration.ZERO : TenantStatusLookup.DEFAULT_LEASE,
            com.github.benmanes.caffeine.cache.Ticker.systemTicker()) {
          @Override
          public Optional<Registration> registration(TenantId tenant) {
            return super.registration(tenant)
                .or(() -> Optional.of(new Registration(TenantStatus.ACTIVE, Optional.empty())));
          }
        };
    scopes = new AccessModels(config, collections);
    interceptor =
        new AuthorizationInterceptor(
            callers,
            tenants,
            audit,
            operations,
            new LinkedRecords(collections),
            scopes,
            new org.phirecords.internal.proxy.Representatives(collections, protection)
                .withClock(clock));
  }

  /** The patient directory on these stores, through the interceptor. */
  public MongoPatientDirectory directory() {
    return intercepted(new MongoPatientDirectory(operations, protection));
  }

  /** The clinical records on these stores, through the interceptor. */
  public MongoClinicalRecords clinical() {
    MongoClinicalRecords records = new MongoClinicalRecords(operations, freeText);
    records.projectInto(
        new org.phirecords.internal.analytics.AnalyticsProjection(collections, protection));
    return intercepted(records);
  }

  /** The analytics service on these stores (ADR 43), through the interceptor. */
  public org.phirecords.internal.analytics.MongoAnalytics analytics(RecordsConfig settings) {
    return intercepted(new org.phirecords.internal.analytics.MongoAnalytics(operations, settings));
  }

  /**
   * Patient rights over {@link #directory()} and {@link #clinical()}, at fixed time {@code now}.
   */
  public MongoPatientRights rights(java.time.Instant now) {
    return rights(directory(), clinical(), Clock.fixed(now, java.time.ZoneOffset.UTC));
  }

  /** Registers {@code tenant} as active under {@code displayName}, as onboarding would. */
  public void registerTenant(String tenant, String displayName) {
    collections
        .tenantRegistry()
        .insertOne(
            new org.bson.Document("_id", tenant)
                .append("displayName", displayName)
                .append("status", "ACTIVE")
                .append("createdAt", new java.util.Date()));
  }

  /**
   * Patient rights over {@code directory} and {@code clinical}, with {@code clock}, as the
   * container calls them.
   */
  public MongoPatientRights rights(
      MongoPatientDirectory directory, MongoClinicalRecords clinical, Clock clock) {
    return intercepted(
            new MongoPatientRights(
                operations,
                collections,
                directory,
                clinical,
                new AmendmentRequests(operations, clinical, freeText),
                new RecordsConfig(new MapConfig())))
        .withClock(clock);
  }

  /** {@code service} as the container calls it: through {@link #interceptor}. */
  public <T> T intercepted(T service) {
    return Intercepted.through(interceptor, service);
  }

  /** The tenant settings service on these stores, through the interceptor. */
  public MongoTenantSettings tenantSettings() {
    return intercepted(
        new MongoTenantSettings(
            operations, collections, config, new AuditRetention(collections, audit, config)));
  }

  /** A fresh 96-byte local master key, base64. */
  public static String randomMasterKey() {
    byte[] key = new byte[96];
    new java.security.SecureRandom().nextBytes(key);
    return java.util.Base64.getEncoder().encodeToString(key);
  }

  private static String uri(InetSocketAddress address) {
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }

  /**
   * Makes {@code next} the current caller (null: unauthenticated). A patient caller naming a record
   * is first linked to it in the store, as redeeming a staff invitation would (ADR 17).
   */
  public void actAs(Caller next) {
    if (next != null && next.linkedPatient().isPresent() && next.tenant().isPresent()) {
      TestLinks.link(collections, next);
    }
    caller.set(next);
  }

  /**
   * Makes the current requests say they act for {@code patient} (the {@code Acting-For} header, ADR
   * 46), or for no one with null.
   */
  public void actingFor(String patient) {
    actingFor.set(patient);
  }

  /** Makes {@code next} the current caller without linking it to the record it names. */
  public void actAsUnlinked(Caller next) {
    caller.set(next);
  }

  /** The onboarding of a synthetic organisation, whose first admin is {@code admin-1}. */
  public static org.phirecords.model.Onboarding onboarding(
      org.phirecords.model.TenantId id,
      String name,
      org.phirecords.model.IdentityProvider identityProvider) {
    return new org.phirecords.model.Onboarding(
        id, name, "privacy@" + id.value() + ".example", "us-east", "admin-1", identityProvider);
  }

  /** A member of staff of {@code tenant} with {@code roles}. */
  public static Caller staff(String tenant, Role... roles) {
    Set<Role> set = EnumSet.noneOf(Role.class);
    set.addAll(Set.of(roles));
    return new Caller(
        "user-" + roles[0].groupName(),
        Optional.of(new TenantId(tenant)),
        set,
        Optional.empty(),
        PurposeOfUse.defaultFor(roles[0]),
        "127.0.0.1");
  }

  /** Another member of staff than {@link #staff}'s, named {@code subject}, with {@code roles}. */
  public static Caller staffNamed(String subject, String tenant, Role... roles) {
    Caller staff = staff(tenant, roles);
    return new Caller(
        subject,
        staff.tenant(),
        staff.roles(),
        Optional.empty(),
        staff.purposeOfUse(),
        staff.clientAddress());
  }

  /** A patient user of {@code tenant} linked to {@code patient}. */
  public static Caller patient(String tenant, PatientId patient) {
    return new Caller(
        "user-patient",
        Optional.of(new TenantId(tenant)),
        Set.of(Role.PATIENT),
        Optional.of(patient),
        PurposeOfUse.PATIENT_REQUEST,
        "127.0.0.1");
  }

  @Override
  public void close() {
    cipher.close();
    stores.close();
    dataServer.shutdownNow();
    auditServer.shutdownNow();
  }
}
