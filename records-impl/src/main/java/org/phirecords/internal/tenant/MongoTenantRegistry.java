package org.phirecords.internal.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.crypto.FieldCipher;
import org.phirecords.internal.net.PublicAddresses;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.security.TokenAuthenticator;
import org.phirecords.internal.store.PageCursor;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.IdentityProvider;
import org.phirecords.model.Onboarding;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Tenant;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.TenantRegistry;

/** {@link TenantRegistry} on the {@code tenants} collection, keyed by tenant id. */
@ApplicationScoped
public class MongoTenantRegistry implements TenantRegistry {
  private Operations operations;
  private TenantRepository registry;
  private FieldCipher cipher;
  private RecordsConfig config;
  private PublicAddresses jwksPolicy;

  /** For CDI. */
  protected MongoTenantRegistry() {}

  /** The registry. */
  @Inject
  public MongoTenantRegistry(
      Operations operations,
      TenantCollections collections,
      FieldCipher cipher,
      RecordsConfig config) {
    this.config = config;
    this.operations = operations;
    this.registry = new TenantRepository(collections);
    this.cipher = cipher;
    this.jwksPolicy = PublicAddresses.forJwks(config);
  }

  /** As above, resolving JWKS hosts with {@code jwksPolicy} (tests). */
  MongoTenantRegistry(
      Operations operations,
      TenantCollections collections,
      FieldCipher cipher,
      RecordsConfig config,
      PublicAddresses jwksPolicy) {
    this(operations, collections, cipher, config);
    this.jwksPolicy = jwksPolicy;
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public Tenant create(Onboarding onboarding) {
    TenantId id = onboarding.id();
    IdentityProvider idp = onboarding.identityProvider();
    if (idp != null) {
      if (config.value("mp.jwt.verify.issuer").filter(idp.issuer()::equals).isPresent()) {
        throw InvalidInputException.invalid(
            "/identityProvider/issuer", "is the platform's own issuer");
      }
      if (idp.publicKeyPem() != null) {
        TokenAuthenticator.requireValidKey(idp.publicKeyPem());
      } else {
        try {
          jwksPolicy.require(idp.jwksUri());
        } catch (PublicAddresses.NotPublicException e) {
          throw InvalidInputException.invalid("/identityProvider/jwksUri", e.getMessage());
        }
      }
    }
    TenantRegistration registration =
        new TenantRegistration(
            id,
            onboarding.displayName(),
            TenantStatus.ACTIVE,
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
            onboarding.contact(),
            onboarding.residency(),
            onboarding.firstAdmin(),
            Optional.ofNullable(idp)
                .map(
                    i ->
                        new TenantRegistration.IdentityProvider(
                            i.issuer(),
                            i.publicKeyPem(),
                            i.publicKeyPem() != null ? null : i.jwksUri().toString(),
                            i.portalClientId())),
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            TenantRegistration.Alerts.NONE,
            Optional.empty());
    // Announced before the entry is stored (ADR 20): with the audit store down nothing is stored.
    WriteIntent intent =
        operations.current().intend(AuditAction.CREATE, StoredCollection.TENANTS, id.value());
    int created = 1;
    switch (registry.markedBy(intent).insert(registration)) {
      case CREATED -> {}
      case ISSUER_TAKEN -> {
        operations.current().conclude(intent, AuditOutcome.CONFLICT, 0);
        throw new RecordsException(
            ErrorCode.DUPLICATE, "Another tenant already registered this identity provider.");
      }
      case ALREADY_REGISTERED -> {
        // Idempotent: onboarding the same tenant again returns it unchanged (result count 0).
        registration = registry.find(id).orElseThrow();
        created = 0;
      }
    }
    // The data key comes after the registry entry; a retry after a crash in between creates it.
    // An offboarded tenant stays offboarded: no new key for it.
    TenantStatus status = registration.status();
    if (status == TenantStatus.ACTIVE || status == TenantStatus.SUSPENDED) {
      cipher.ensureDataKey(id);
    }
    operations.current().conclude(intent, AuditOutcome.SUCCESS, created);
    return registration.toTenant();
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public Optional<Tenant> find(TenantId id) {
    Caller caller = operations.current().caller();
    Optional<TenantRegistration> found = registry.find(id);
    record(
        caller,
        AuditAction.READ,
        id,
        found.isEmpty() ? AuditOutcome.NOT_FOUND : AuditOutcome.SUCCESS,
        found.isEmpty() ? 0 : 1);
    return found.map(TenantRegistration::toTenant);
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public Page<Tenant> list(PageRequest request) {
    Caller caller = operations.current().caller();
    PageCursor cursors = PageCursor.of("tenants", "_platform", "");
    Page<Tenant> page =
        cursors
            .page(
                registry.page(cursors.parsed(request, TenantId::new), request.limit() + 1),
                request,
                r -> r.id().value())
            .map(TenantRegistration::toTenant);
    record(caller, AuditAction.SEARCH, null, AuditOutcome.SUCCESS, page.items().size());
    return page;
  }

  private void record(
      Caller caller, AuditAction action, TenantId id, AuditOutcome outcome, int count) {
    operations
        .current()
        .record(
            action,
            Permission.TENANT_MANAGE.resourceType(),
            outcome,
            id == null ? null : id.value(),
            null,
            count);
  }
}
