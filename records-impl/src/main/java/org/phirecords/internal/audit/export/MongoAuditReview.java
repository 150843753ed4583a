package org.phirecords.internal.audit.export;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.AuditQuery;
import org.phirecords.audit.AuditRecord;
import org.phirecords.audit.ChainVerification;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.audit.chain.AuditRetention;
import org.phirecords.internal.audit.chain.ChainLinks;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.Page;
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
  public Page<AuditRecord> search(AuditQuery q) {
    Operation op = operations.current();
    Page<AuditRecord> page = find(op, q);
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
  public String exportFhir(AuditQuery q) {
    Operation op = operations.current();
    Page<AuditRecord> page = find(op, q);
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
    return bundle;
  }

  private Page<AuditRecord> find(Operation op, AuditQuery q) {
    if (q.limit() < 1 || q.limit() > 500) {
      throw InvalidInputException.invalid("limit", "must be 1 to 500");
    }
    TenantScopedCollection log = op.handle(StoredCollection.AUDIT_EVENTS);
    List<Bson> filters = new ArrayList<>();
    filters.add(gt(ChainLinks.SEQ, q.afterSeq()));
    if (q.patientId() != null) {
      filters.add(eq("patientId", q.patientId()));
    }
    if (q.subject() != null) {
      filters.add(eq("subject", q.subject()));
    }
    if (q.action() != null) {
      filters.add(eq("action", q.action().name()));
    }
    if (q.outcome() != null) {
      filters.add(eq("outcome", q.outcome().name()));
    }
    if (q.from() != null) {
      filters.add(gte("occurredAt", Date.from(q.from())));
    }
    if (q.to() != null) {
      filters.add(lt("occurredAt", Date.from(q.to())));
    }
    List<Document> docs = log.find(and(filters), null, new Document(ChainLinks.SEQ, 1), q.limit());
    List<AuditRecord> records =
        docs.stream()
            .map(
                d ->
                    new AuditRecord(
                        AuditTrail.fromDocument(d),
                        d.get(ChainLinks.SEQ, Number.class).longValue()))
            .toList();
    String next =
        records.size() == q.limit() ? Long.toString(records.get(records.size() - 1).seq()) : null;
    return new Page<>(records, next);
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
