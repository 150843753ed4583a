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
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.Page;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.AuditReview;

/** {@link AuditReview}: tenant-scoped queries and chain verification. */
@ApplicationScoped
public class MongoAuditReview implements AuditReview {
  private CurrentCaller callers;
  private TenantCollections collections;
  private AuditTrail trail;
  private AuditRetention retention;

  /** For CDI. */
  protected MongoAuditReview() {}

  /** Review of {@code trail}. */
  @Inject
  public MongoAuditReview(
      CurrentCaller callers,
      TenantCollections collections,
      AuditTrail trail,
      AuditRetention retention) {
    this.callers = callers;
    this.collections = collections;
    this.trail = trail;
    this.retention = retention;
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public long purgeBeyondRetention(TenantId tenant) {
    Caller caller = callers.require();
    long purged = retention.purge(tenant.value());
    trail.record(
        caller,
        AuditAction.DELETE,
        ResourceType.AUDIT_TRAIL,
        tenant.value(),
        null,
        AuditOutcome.SUCCESS,
        "AuditReview.purgeBeyondRetention",
        (int) Math.min(Integer.MAX_VALUE, purged));
    return purged;
  }

  @Override
  @RequiresPermission(Permission.AUDIT_READ)
  public Page<AuditRecord> search(AuditQuery q) {
    Caller caller = callers.require();
    Page<AuditRecord> page = find(caller, q);
    trail.record(
        caller,
        AuditAction.SEARCH,
        ResourceType.AUDIT_TRAIL,
        null,
        q.patientId(),
        AuditOutcome.SUCCESS,
        "AuditReview.search",
        page.items().size());
    return page;
  }

  @Override
  @RequiresPermission(Permission.AUDIT_READ)
  public String exportFhir(AuditQuery q) {
    Caller caller = callers.require();
    Page<AuditRecord> page = find(caller, q);
    String bundle =
        BalpAuditEvents.bundle(
            page.items().stream().map(AuditRecord::event).toList(), Instant.now());
    trail.record(
        caller,
        AuditAction.EXPORT,
        ResourceType.AUDIT_TRAIL,
        null,
        q.patientId(),
        AuditOutcome.SUCCESS,
        "AuditReview.exportFhir",
        page.items().size());
    return bundle;
  }

  private Page<AuditRecord> find(Caller caller, AuditQuery q) {
    if (q.limit() < 1 || q.limit() > 500) {
      throw InvalidInputException.invalid("limit", "must be 1 to 500");
    }
    TenantScopedCollection log =
        collections.forCaller(StoredCollection.AUDIT_EVENTS, caller, Permission.AUDIT_READ);
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
    Caller caller = callers.require();
    String chain = caller.tenant().orElseThrow().value();
    return verified(caller, chain, from, to, "AuditReview.verify");
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public ChainVerification verifyTenant(TenantId tenant, Instant from, Instant to) {
    Caller caller = callers.require();
    String chain = tenant == null ? ChainLinks.PLATFORM : tenant.value();
    return verified(caller, chain, from, to, "AuditReview.verifyTenant");
  }

  private ChainVerification verified(
      Caller caller, String chain, Instant from, Instant to, String operation) {
    ChainVerification result = trail.verifier().verify(chain, from, to);
    trail.record(
        caller,
        AuditAction.READ,
        ResourceType.AUDIT_TRAIL,
        chain,
        null,
        result.valid() ? AuditOutcome.SUCCESS : AuditOutcome.ERROR,
        operation,
        (int) Math.min(Integer.MAX_VALUE, result.checked()));
    return result;
  }
}
