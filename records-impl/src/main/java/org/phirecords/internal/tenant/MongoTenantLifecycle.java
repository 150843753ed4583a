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
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.amendment.AmendmentRepository;
import org.phirecords.internal.clinical.ClinicalRepository;
import org.phirecords.internal.crypto.FieldCipher;
import org.phirecords.internal.link.PatientLinkRepository;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.internal.session.RevocationRepository;
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

  private Operations operations;
  private TenantCollections collections;
  private TenantRepository registry;
  private FieldCipher cipher;

  /** For CDI. */
  protected MongoTenantLifecycle() {}

  /** Lifecycle over the registry of {@code collections}. */
  @Inject
  public MongoTenantLifecycle(
      Operations operations, TenantCollections collections, FieldCipher cipher) {
    this.operations = operations;
    this.collections = collections;
    this.registry = new TenantRepository(collections);
    this.cipher = cipher;
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public Tenant suspend(TenantId tenant) {
    return transition(tenant, TenantStatus.ACTIVE, TenantStatus.SUSPENDED);
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public Tenant reactivate(TenantId tenant) {
    return transition(tenant, TenantStatus.SUSPENDED, TenantStatus.ACTIVE);
  }

  private Tenant transition(TenantId tenant, TenantStatus from, TenantStatus to) {
    Caller caller = operations.current().caller();
    Optional<TenantRegistration> updated = registry.transition(tenant, to, from);
    if (updated.isEmpty()) {
      boolean exists = registry.exists(tenant);
      record(caller, tenant, exists ? AuditOutcome.CONFLICT : AuditOutcome.NOT_FOUND);
      throw exists ? new RecordsException(ErrorCode.TENANT_STATE) : new NotFoundException();
    }
    record(caller, tenant, AuditOutcome.SUCCESS);
    return updated.get().toTenant();
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public OffboardingTicket requestOffboarding(TenantId tenant) {
    Caller caller = operations.current().caller();
    byte[] random = new byte[9];
    RANDOM.nextBytes(random);
    String code = HexFormat.of().formatHex(random);
    Instant expires = Instant.now().plus(CONFIRMATION_VALIDITY);
    boolean noted =
        registry.requestOffboarding(
            tenant, new TenantRegistration.OffboardingRequest(sha256(code), expires));
    if (!noted) {
      boolean exists = registry.exists(tenant);
      record(caller, tenant, exists ? AuditOutcome.CONFLICT : AuditOutcome.NOT_FOUND);
      throw exists ? new RecordsException(ErrorCode.TENANT_STATE) : new NotFoundException();
    }
    record(caller, tenant, AuditOutcome.SUCCESS);
    return new OffboardingTicket(tenant, code, expires);
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public Tenant confirmOffboarding(TenantId tenant, String confirmation) {
    Caller caller = operations.current().caller();
    Optional<TenantRegistration> found = registry.find(tenant);
    if (found.isEmpty()) {
      record(caller, tenant, AuditOutcome.NOT_FOUND);
      throw new NotFoundException();
    }
    TenantStatus status = found.get().status();
    if (status == TenantStatus.OFFBOARDED) {
      record(caller, tenant, AuditOutcome.SUCCESS); // nothing left to do
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
        record(caller, tenant, AuditOutcome.DENIED);
        throw new RecordsException(ErrorCode.CONFIRMATION_INVALID);
      }
      if (!registry.startOffboarding(tenant, status)) {
        // Someone changed the tenant meanwhile (e.g. reactivated it): nothing is destroyed.
        record(caller, tenant, AuditOutcome.CONFLICT);
        throw new RecordsException(ErrorCode.TENANT_STATE);
      }
      // The irreversible decision, and who took it, is on record before anything is destroyed.
      record(caller, tenant, AuditAction.DELETE, AuditOutcome.INTENDED, 0);
    }
    // From here on every step is idempotent: a crash is finished by confirming again. Requests
    // admitted before the status changed, and instances still caching the tenant's active key,
    // are given time to finish; keys and records are then removed, twice over.
    settle();
    long removed = 0;
    for (int pass = 0; pass < 2; pass++) {
      cipher.destroyDataKey(tenant);
      removed += PatientRepository.purge(collections, tenant);
      removed += ClinicalRepository.purge(collections, tenant);
      removed += AmendmentRepository.purge(collections, tenant);
      removed += PatientLinkRepository.purge(collections, tenant);
      removed += RevocationRepository.purge(collections, tenant);
    }
    collections.keyRotations().deleteOne(eq("_id", tenant.value()));
    Optional<TenantRegistration> done = registry.markOffboarded(tenant, Instant.now());
    record(caller, tenant, AuditAction.DELETE, AuditOutcome.SUCCESS, removed);
    return done.or(() -> registry.find(tenant)).orElseThrow().toTenant();
  }

  private void settle() {
    try {
      Thread.sleep(cipher.activeKeyTtl().toMillis() + 500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void record(Caller caller, TenantId tenant, AuditOutcome outcome) {
    record(caller, tenant, AuditAction.UPDATE, outcome, 0);
  }

  private void record(
      Caller caller, TenantId tenant, AuditAction action, AuditOutcome outcome, long count) {
    operations
        .current()
        .record(
            action,
            Permission.TENANT_MANAGE.resourceType(),
            outcome,
            tenant.value(),
            null,
            (int) Math.min(Integer.MAX_VALUE, count));
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
