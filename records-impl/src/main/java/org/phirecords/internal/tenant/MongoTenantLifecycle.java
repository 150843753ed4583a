package org.phirecords.internal.tenant;

import static com.mongodb.client.model.Filters.eq;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.crypto.FieldCipher;
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.OffboardingTicket;
import org.phirecords.model.Tenant;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.TenantLifecycle;

/**
 * {@link TenantLifecycle} on the registry. State changes are compare-and-set on the stored status,
 * so concurrent administrators cannot interleave them. Offboarding is driven by the stored state:
 * {@code OFFBOARDING} means confirmed, and confirming again resumes the shredding and purge.
 */
@ApplicationScoped
public class MongoTenantLifecycle implements TenantLifecycle {
  static final Duration CONFIRMATION_VALIDITY = Duration.ofMinutes(15);
  private static final SecureRandom RANDOM = new SecureRandom();

  private CurrentCaller callers;
  private TenantCollections collections;
  private TenantRepository registry;
  private AuditTrail audit;
  private FieldCipher cipher;

  /** For CDI. */
  protected MongoTenantLifecycle() {}

  /** Lifecycle over the registry of {@code collections}. */
  @Inject
  public MongoTenantLifecycle(
      CurrentCaller callers, TenantCollections collections, AuditTrail audit, FieldCipher cipher) {
    this.callers = callers;
    this.collections = collections;
    this.registry = new TenantRepository(collections);
    this.audit = audit;
    this.cipher = cipher;
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public Tenant suspend(TenantId tenant) {
    return transition(tenant, TenantStatus.ACTIVE, TenantStatus.SUSPENDED, "suspend");
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public Tenant reactivate(TenantId tenant) {
    return transition(tenant, TenantStatus.SUSPENDED, TenantStatus.ACTIVE, "reactivate");
  }

  private Tenant transition(TenantId tenant, TenantStatus from, TenantStatus to, String op) {
    Caller caller = callers.require();
    Optional<TenantRegistration> updated = registry.transition(tenant, to, from);
    if (updated.isEmpty()) {
      boolean exists = registry.exists(tenant);
      record(caller, tenant, op, exists ? AuditOutcome.CONFLICT : AuditOutcome.NOT_FOUND);
      throw exists ? new RecordsException(ErrorCode.TENANT_STATE) : new NotFoundException();
    }
    record(caller, tenant, op, AuditOutcome.SUCCESS);
    return updated.get().toTenant();
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public OffboardingTicket requestOffboarding(TenantId tenant) {
    Caller caller = callers.require();
    byte[] random = new byte[9];
    RANDOM.nextBytes(random);
    String code = HexFormat.of().formatHex(random);
    Instant expires = Instant.now().plus(CONFIRMATION_VALIDITY);
    boolean noted =
        registry.requestOffboarding(
            tenant, new TenantRegistration.OffboardingRequest(sha256(code), expires));
    if (!noted) {
      boolean exists = registry.exists(tenant);
      record(
          caller,
          tenant,
          "requestOffboarding",
          exists ? AuditOutcome.CONFLICT : AuditOutcome.NOT_FOUND);
      throw exists ? new RecordsException(ErrorCode.TENANT_STATE) : new NotFoundException();
    }
    record(caller, tenant, "requestOffboarding", AuditOutcome.SUCCESS);
    return new OffboardingTicket(tenant, code, expires);
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public Tenant confirmOffboarding(TenantId tenant, String confirmation) {
    Caller caller = callers.require();
    Optional<TenantRegistration> found = registry.find(tenant);
    if (found.isEmpty()) {
      record(caller, tenant, "confirmOffboarding", AuditOutcome.NOT_FOUND);
      throw new NotFoundException();
    }
    TenantStatus status = found.get().status();
    if (status == TenantStatus.OFFBOARDED) {
      record(caller, tenant, "confirmOffboarding", AuditOutcome.SUCCESS); // nothing left to do
      return found.get().toTenant();
    }
    if (status != TenantStatus.OFFBOARDING) {
      boolean valid =
          found
              .get()
              .offboarding()
              .filter(ticket -> confirmation != null)
              .filter(ticket -> ticket.expiresAt().isAfter(Instant.now()))
              .filter(
                  ticket ->
                      MessageDigest.isEqual(
                          ticket.codeHash().getBytes(StandardCharsets.US_ASCII),
                          sha256(confirmation).getBytes(StandardCharsets.US_ASCII)))
              .isPresent();
      if (!valid) {
        record(caller, tenant, "confirmOffboarding", AuditOutcome.DENIED);
        throw new RecordsException(ErrorCode.CONFIRMATION_INVALID);
      }
      if (!registry.startOffboarding(tenant, status)) {
        // Someone changed the tenant meanwhile (e.g. reactivated it): nothing is destroyed.
        record(caller, tenant, "confirmOffboarding", AuditOutcome.CONFLICT);
        throw new RecordsException(ErrorCode.TENANT_STATE);
      }
      // The irreversible decision, and who took it, is on record before anything is destroyed.
      audit.record(
          caller,
          AuditAction.DELETE,
          Permission.TENANT_MANAGE.resourceType(),
          tenant.value(),
          null,
          AuditOutcome.INTENDED,
          "TenantLifecycle.confirmOffboarding",
          0);
    }
    // From here on every step is idempotent: a crash is finished by confirming again. Requests
    // admitted before the status changed, and instances still caching the tenant's active key,
    // are given time to finish; keys and records are then removed, twice over.
    settle();
    long removed = 0;
    for (int pass = 0; pass < 2; pass++) {
      cipher.destroyDataKey(tenant);
      removed +=
          collections.forMaintenance(StoredCollection.PATIENTS, tenant).deleteMany(new Document());
      removed +=
          collections
              .forMaintenance(StoredCollection.CLINICAL_ENTRIES, tenant)
              .deleteMany(new Document());
    }
    collections.keyRotations().deleteOne(eq("_id", tenant.value()));
    Optional<TenantRegistration> done = registry.markOffboarded(tenant, Instant.now());
    audit.record(
        caller,
        AuditAction.DELETE,
        Permission.TENANT_MANAGE.resourceType(),
        tenant.value(),
        null,
        AuditOutcome.SUCCESS,
        "TenantLifecycle.confirmOffboarding",
        (int) Math.min(Integer.MAX_VALUE, removed));
    return done.or(() -> registry.find(tenant)).orElseThrow().toTenant();
  }

  private void settle() {
    try {
      Thread.sleep(cipher.activeKeyTtl().toMillis() + 500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void record(Caller caller, TenantId tenant, String op, AuditOutcome outcome) {
    audit.record(
        caller,
        AuditAction.UPDATE,
        Permission.TENANT_MANAGE.resourceType(),
        tenant.value(),
        null,
        outcome,
        "TenantLifecycle." + op,
        0);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
