package org.phirecords.internal.audit.export;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.AuditQuery;
import org.phirecords.audit.AuditRecord;
import org.phirecords.internal.audit.chain.ChainLinks;
import org.phirecords.internal.audit.trail.AuditDocuments;
import org.phirecords.internal.audit.trail.IntegrationParts;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.PageCursor;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * Queries of the audit trail ({@code audit_events}) through an operation's scoped handle: the
 * privacy officer's pages and a patient's access history. Writes go through {@code AuditTrail}.
 */
public final class AuditEventRepository {
  private AuditEventRepository() {}

  /** The name that binds access-history cursors. */
  static final String ACCESS_HISTORY = "access-history";

  /** The name that binds audit-search cursors. */
  static final String AUDIT_EVENTS = "audit-events";

  /**
   * The record digests ({@code kid}, {@code mac}) that the outcome events of {@code tenant}'s
   * writes {@code intentIds} recorded, by intent id (ADR 23); a write whose event holds none is
   * absent. Served by the index (tenant, intent).
   */
  public static java.util.Map<String, Document> recordDigests(
      TenantCollections collections, TenantId tenant, java.util.Collection<String> intentIds) {
    java.util.Map<String, Document> digests = new java.util.HashMap<>();
    collections
        .forMaintenance(StoredCollection.AUDIT_EVENTS, tenant)
        .find(
            and(
                com.mongodb.client.model.Filters.in("intentId", intentIds),
                com.mongodb.client.model.Filters.exists(AuditDocuments.RECORD_DIGEST)),
            com.mongodb.client.model.Projections.include(
                "intentId", AuditDocuments.RECORD_DIGEST, AuditDocuments.RECORD_DIGEST_KEY),
            null,
            0)
        .forEach(
            e ->
                digests.put(
                    e.getString("intentId"),
                    new Document("kid", e.getString(AuditDocuments.RECORD_DIGEST_KEY))
                        .append("mac", e.getString(AuditDocuments.RECORD_DIGEST))));
    return digests;
  }

  /**
   * One page of the accesses to the record of {@code patients} (the first, and those merged into
   * it) by others than the caller that happened (no intents, refusals or the patient's own views),
   * newest first by chain position. Through {@code op}'s scoped handle; served by the index
   * (tenant, patient, seq).
   */
  public static Page<AuditEvent> byOthers(
      Operation op, List<PatientId> patients, PageRequest request) {
    PageCursor cursors = cursors(op, ACCESS_HISTORY, patients.get(0).value());
    List<Bson> filters = new ArrayList<>();
    // A survivor's history shows the accesses to the registrations merged into it (ADR 36).
    filters.add(in("patientId", patients.stream().map(PatientId::value).toList()));
    cursors.number(request).ifPresent(seq -> filters.add(lt(ChainLinks.SEQ, seq)));
    filters.add(eq("outcome", AuditOutcome.SUCCESS.name()));
    filters.add(ne("subject", op.caller().subject()));
    List<Document> docs =
        op.handle(StoredCollection.AUDIT_EVENTS)
            .find(and(filters), null, new Document(ChainLinks.SEQ, -1), request.limit() + 1);
    return cursors
        .page(docs, request, AuditEventRepository::seqOf)
        .map(AuditDocuments::fromDocument);
  }

  /** A page of the events {@code q} selects, by chain position. */
  public static Page<AuditRecord> page(Operation op, AuditQuery q, PageRequest request) {
    PageCursor cursors = cursors(op, AUDIT_EVENTS, "");
    TenantScopedCollection log = op.handle(StoredCollection.AUDIT_EVENTS);
    List<Bson> filters = new ArrayList<>();
    if (q.patientId() != null) {
      filters.add(eq("patientId", q.patientId()));
    }
    cursors.number(request).ifPresent(seq -> filters.add(gt(ChainLinks.SEQ, seq)));
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
    Bson filter = filters.isEmpty() ? new Document() : and(filters);
    List<Document> docs =
        log.find(filter, null, new Document(ChainLinks.SEQ, 1), request.limit() + 1);
    return cursors
        .page(docs, request, AuditEventRepository::seqOf)
        .map(d -> new AuditRecord(AuditDocuments.fromDocument(d), seq(d)));
  }

  /**
   * Up to {@code scan} events of the caller's tenant after chain position {@code after}, in chain
   * order, each with its position, time and integration part only (ADR 35). Majority-committed
   * events only: a position a consumer saw must not be rolled back and reused by another event.
   * Served by the index (tenant, seq).
   */
  public static List<Document> integrationScan(Operation op, long after, int scan) {
    return op.majorityCommitted(StoredCollection.AUDIT_EVENTS)
        .find(
            gt(ChainLinks.SEQ, after),
            com.mongodb.client.model.Projections.include(
                ChainLinks.CHAIN, ChainLinks.SEQ, "occurredAt", IntegrationParts.FIELD),
            new Document(ChainLinks.SEQ, 1),
            scan);
  }

  /**
   * Whether the caller's tenant's chain holds position {@code seq}, majority-committed: the check
   * of an event cursor's position, read as {@link #integrationScan} reads.
   */
  public static boolean holdsPosition(Operation op, long seq) {
    return op.majorityCommitted(StoredCollection.AUDIT_EVENTS).exists(eq(ChainLinks.SEQ, seq));
  }

  private static PageCursor cursors(Operation op, String list, String scope) {
    return PageCursor.of(list, op.caller().tenant().orElseThrow().value(), scope);
  }

  private static long seq(Document d) {
    return d.get(ChainLinks.SEQ, Number.class).longValue();
  }

  private static String seqOf(Document d) {
    return Long.toString(seq(d));
  }
}
