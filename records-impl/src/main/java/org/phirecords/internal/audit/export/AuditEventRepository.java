package org.phirecords.internal.audit.export;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
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
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.audit.chain.ChainLinks;
import org.phirecords.internal.audit.trail.AuditDocuments;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.Page;
import org.phirecords.model.PatientId;

/**
 * Queries of the audit trail ({@code audit_events}) through an operation's scoped handle: the
 * privacy officer's pages and a patient's access history. Writes go through {@code AuditTrail}.
 */
public final class AuditEventRepository {
  private AuditEventRepository() {}

  /**
   * The newest {@code max} accesses to {@code patient}'s record by others than the caller that
   * happened: no intents, refusals or the patient's own views. Through {@code op}'s scoped handle.
   */
  public static List<AuditEvent> byOthers(Operation op, PatientId patient, int max) {
    return op
        .handle(StoredCollection.AUDIT_EVENTS)
        .find(
            and(
                eq("patientId", patient.value()),
                eq("outcome", AuditOutcome.SUCCESS.name()),
                ne("subject", op.caller().subject())),
            null,
            new Document("occurredAt", -1),
            max)
        .stream()
        .map(AuditDocuments::fromDocument)
        .toList();
  }

  /** A page of the events {@code q} selects, by chain position. */
  public static Page<AuditRecord> page(Operation op, AuditQuery q) {
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
                        AuditDocuments.fromDocument(d),
                        d.get(ChainLinks.SEQ, Number.class).longValue()))
            .toList();
    String next =
        records.size() == q.limit() ? Long.toString(records.get(records.size() - 1).seq()) : null;
    return new Page<>(records, next);
  }
}
