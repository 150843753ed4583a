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
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.careteam.CareTeamRepository;
import org.phirecords.internal.clinical.ClinicalRepository;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.crypto.FieldCipher;
import org.phirecords.internal.emergency.EmergencyAccessRepository;
import org.phirecords.internal.link.PatientLinkRepository;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.organisation.GrantRepository;
import org.phirecords.internal.organisation.MembershipRepository;
import org.phirecords.internal.organisation.OrganisationRepository;
import org.phirecords.internal.patient.PatientMaintenance;
import org.phirecords.internal.session.RevocationRepository;
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

  private Operations operations;
  private TenantCollections collections;
  private TenantRepository registry;
  private FieldCipher cipher;
  private Duration coolingOff = Duration.ZERO;

  /** For CDI. */
  protected MongoTenantLifecycle() {}

  /** Lifecycle over the registry of {@code collections}, with the configured cooling-off. */
  @Inject
  public MongoTenantLifecycle(
      Operations operations,
      TenantCollections collections,
      FieldCipher cipher,
      RecordsConfig config) {
    this(operations, collections, cipher, config.offboardingCoolingOff());
  }

  /** Lifecycle whose approved offboardings wait {@code coolingOff} before they may start. */
  public MongoTenantLifecycle(
      Operations operations,
      TenantCollections collections,
      FieldCipher cipher,
      Duration coolingOff) {
    this.coolingOff = coolingOff;
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
    WriteIntent intent = announce(AuditAction.UPDATE, tenant);
    Optional<TenantRegistration> updated = registry.markedBy(intent).transition(tenant, to, from);
    if (updated.isEmpty()) {
      throw refused(intent, tenant);
    }
    operations.current().conclude(intent, AuditOutcome.SUCCESS, 1);
    return updated.get().toTenant();
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public OffboardingTicket requestOffboarding(TenantId tenant) {
    byte[] random = new byte[9];
    RANDOM.nextBytes(random);
    String code = HexFormat.of().formatHex(random);
    Instant expires = Instant.now().plus(CONFIRMATION_VALIDITY);
    WriteIntent intent = announce(AuditAction.UPDATE, tenant);
    boolean noted =
        registry
            .markedBy(intent)
            .requestOffboarding(
                tenant,
                new TenantRegistration.OffboardingRequest(
                    sha256(code), expires, operations.current().caller().subject()));
    if (!noted) {
      throw refused(intent, tenant);
    }
    operations.current().conclude(intent, AuditOutcome.SUCCESS, 1);
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
      Optional<TenantRegistration.OffboardingRequest> ticket =
          found.get().offboarding().filter(t -> matches(t, confirmation));
      if (ticket.isEmpty()
          || (ticket.get().approvedBy().isEmpty()
              && !ticket.get().expiresAt().isAfter(Instant.now()))) {
        record(caller, tenant, AuditOutcome.DENIED);
        throw new RecordsException(ErrorCode.CONFIRMATION_INVALID);
      }
      if (ticket.get().approvedBy().isEmpty()) {
        approve(tenant, ticket.get());
        if (!coolingOff.isZero()) {
          return registry.find(tenant).orElse(found.get()).toTenant();
        }
      } else if (ticket.get().notBefore().orElseThrow().isAfter(Instant.now())) {
        record(caller, tenant, AuditOutcome.CONFLICT);
        throw new RecordsException(ErrorCode.COOLING_OFF);
      }
    }
    // The irreversible decision, and who took it, is on record before anything changes. The
    // reconciler concludes it SUCCESS only once the tenant is marked offboarded by this intent.
    WriteIntent intent = announce(AuditAction.DELETE, tenant);
    if (status != TenantStatus.OFFBOARDING && !registry.startOffboarding(tenant, status)) {
      // Someone changed the tenant meanwhile (e.g. reactivated it): nothing is destroyed.
      operations.current().conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new RecordsException(ErrorCode.TENANT_STATE);
    }
    // From here on every step is idempotent: a crash is finished by confirming again. Requests
    // admitted before the status changed, and instances still caching the tenant's active key,
    // are given time to finish; keys and records are then removed, twice over.
    settle();
    long removed = 0;
    for (int pass = 0; pass < 2; pass++) {
      cipher.destroyDataKey(tenant);
      removed += PatientMaintenance.purge(collections, tenant);
      removed += ClinicalRepository.purge(collections, tenant);
      removed += AmendmentRepository.purge(collections, tenant);
      removed += PatientLinkRepository.purge(collections, tenant);
      removed += RevocationRepository.purge(collections, tenant);
      removed += MembershipRepository.purge(collections, tenant);
      removed += org.phirecords.internal.analytics.AnalyticsFacts.purge(collections, tenant);
      removed +=
          org.phirecords.internal.analytics.AnalyticsQueryLog.purge(collections, tenant, null);
      removed += org.phirecords.internal.analytics.MongoSavedQueries.purge(collections, tenant);
      removed += OrganisationRepository.purge(collections, tenant);
      removed += GrantRepository.purge(collections, tenant);
      removed += EmergencyAccessRepository.purge(collections, tenant);
      removed += CareTeamRepository.purge(collections, tenant);
      removed += org.phirecords.internal.proxy.ProxyGrantRepository.purge(collections, tenant);
      removed += org.phirecords.internal.export.ExportRepository.purge(collections, tenant);
      removed += org.phirecords.internal.export.RelinkRepository.purge(collections, tenant);
      removed += org.phirecords.internal.fhirimport.BulkImportRepository.purge(collections, tenant);
      removed += org.phirecords.internal.disclosure.DisclosureRepository.purge(collections, tenant);
    }
    collections.keyRotations().deleteOne(eq("_id", tenant.value()));
    Optional<TenantRegistration> done =
        registry.markedBy(intent).markOffboarded(tenant, Instant.now());
    operations
        .current()
        .conclude(intent, AuditOutcome.SUCCESS, (int) Math.min(Integer.MAX_VALUE, removed));
    return done.or(() -> registry.find(tenant)).orElseThrow().toTenant();
  }

  /**
   * The second administrator's approval of a requested offboarding (dual control, ADR 21): never
   * the one who requested it. Without a cooling-off period the offboarding starts at once;
   * otherwise it may start, by confirming again, once the period is over, and can be cancelled
   * until then.
   */
  private void approve(TenantId tenant, TenantRegistration.OffboardingRequest ticket) {
    Caller caller = operations.current().caller();
    if (caller.subject().equals(ticket.requestedBy())) {
      record(caller, tenant, AuditOutcome.DENIED);
      throw new RecordsException(ErrorCode.SECOND_APPROVER_REQUIRED);
    }
    Instant notBefore = Instant.now().plus(coolingOff);
    WriteIntent intent = announce(AuditAction.UPDATE, tenant);
    if (!registry.markedBy(intent).approveOffboarding(tenant, caller.subject(), notBefore)) {
      throw refused(intent, tenant);
    }
    operations.current().conclude(intent, AuditOutcome.SUCCESS, 1);
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public Tenant cancelOffboarding(TenantId tenant) {
    WriteIntent intent = announce(AuditAction.UPDATE, tenant);
    Optional<TenantRegistration> updated = Optional.empty();
    if (registry.markedBy(intent).cancelOffboarding(tenant)) {
      updated = registry.find(tenant);
    }
    if (updated.isEmpty()) {
      throw refused(intent, tenant);
    }
    operations.current().conclude(intent, AuditOutcome.SUCCESS, 1);
    return updated.get().toTenant();
  }

  private static boolean matches(TenantRegistration.OffboardingRequest ticket, String code) {
    return code != null
        && MessageDigest.isEqual(
            ticket.codeHash().getBytes(StandardCharsets.US_ASCII),
            sha256(code).getBytes(StandardCharsets.US_ASCII));
  }

  /** Announces {@code action} on {@code tenant}'s registry entry before changing it (ADR 20). */
  private WriteIntent announce(AuditAction action, TenantId tenant) {
    return operations.current().intend(action, StoredCollection.TENANTS, tenant.value());
  }

  /** Concludes a change that found the entry absent or in another state; the error to throw. */
  private RecordsException refused(WriteIntent intent, TenantId tenant) {
    boolean exists = registry.exists(tenant);
    operations
        .current()
        .conclude(intent, exists ? AuditOutcome.CONFLICT : AuditOutcome.NOT_FOUND, 0);
    return exists ? new RecordsException(ErrorCode.TENANT_STATE) : new NotFoundException();
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
