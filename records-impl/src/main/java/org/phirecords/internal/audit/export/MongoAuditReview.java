package org.phirecords.internal.audit.export;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditExport;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.AuditQuery;
import org.phirecords.audit.AuditRecord;
import org.phirecords.audit.ChainVerification;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.chain.AuditRetention;
import org.phirecords.internal.audit.chain.ChainLinks;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.AuditReview;

/** {@link AuditReview}: tenant-scoped queries and chain verification. */
@ApplicationScoped
public class MongoAuditReview implements AuditReview {
  private Operations operations;
  private AuditTrail trail;
  private AuditRetention retention;

  /** For CDI. */
  protected MongoAuditReview() {}

  /** Review of {@code trail}. */
  @Inject
  public MongoAuditReview(Operations operations, AuditTrail trail, AuditRetention retention) {
    this.operations = operations;
    this.trail = trail;
    this.retention = retention;
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public long purgeBeyondRetention(TenantId tenant) {
    Operation op = operations.current();
    long purged = retention.purge(tenant.value());
    op.record(
        AuditAction.DELETE,
        ResourceType.AUDIT_TRAIL,
        AuditOutcome.SUCCESS,
        tenant.value(),
        null,
        (int) Math.min(Integer.MAX_VALUE, purged));
    return purged;
  }

  @Override
  @RequiresPermission(Permission.AUDIT_READ)
  public Page<AuditRecord> search(AuditQuery q, PageRequest request) {
    Operation op = operations.current();
    Page<AuditRecord> page = AuditEventRepository.page(op, q, request);
    op.record(
        AuditAction.SEARCH,
        ResourceType.AUDIT_TRAIL,
        AuditOutcome.SUCCESS,
        null,
        q.patientId(),
        page.items().size());
    return page;
  }

  @Override
  @RequiresPermission(Permission.AUDIT_READ)
  public AuditExport exportFhir(AuditQuery q, PageRequest request) {
    Operation op = operations.current();
    Page<AuditRecord> page = AuditEventRepository.page(op, q, request);
    String bundle =
        BalpAuditEvents.bundle(
            page.items().stream().map(AuditRecord::event).toList(), Instant.now());
    op.record(
        AuditAction.EXPORT,
        ResourceType.AUDIT_TRAIL,
        AuditOutcome.SUCCESS,
        null,
        q.patientId(),
        page.items().size());
    return new AuditExport(bundle, page.nextCursor());
  }

  @Override
  @RequiresPermission(Permission.AUDIT_READ)
  public ChainVerification verify(Instant from, Instant to) {
    Operation op = operations.current();
    return verified(op, op.caller().tenant().orElseThrow().value(), from, to);
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public ChainVerification verifyTenant(TenantId tenant, Instant from, Instant to) {
    Operation op = operations.current();
    String chain = tenant == null ? ChainLinks.PLATFORM : tenant.value();
    return verified(op, chain, from, to);
  }

  private ChainVerification verified(Operation op, String chain, Instant from, Instant to) {
    ChainVerification result = trail.verifier().verify(chain, from, to);
    op.record(
        AuditAction.READ,
        ResourceType.AUDIT_TRAIL,
        result.valid() ? AuditOutcome.SUCCESS : AuditOutcome.ERROR,
        chain,
        null,
        (int) Math.min(Integer.MAX_VALUE, result.checked()));
    return result;
  }
}
