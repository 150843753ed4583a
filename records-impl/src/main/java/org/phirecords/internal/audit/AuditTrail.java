package org.phirecords.internal.audit;

import com.mongodb.MongoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.AuditUnavailableException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.tenancy.TenantCollections;
import org.phirecords.security.Caller;

/**
 * The audit trail (DESIGN invariant 3). {@link #record} returns only once the event is journaled;
 * if it cannot be stored it throws {@link AuditUnavailableException}, and the caller must then
 * neither return PHI nor acknowledge a write. Stored events are then fired as CDI events.
 */
@ApplicationScoped
public class AuditTrail {
  private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

  private TenantCollections collections;
  private Event<AuditEvent> events;

  /** For CDI. */
  protected AuditTrail() {}

  /** Appends to the audit collection of {@code collections}; notifies {@code events}. */
  @Inject
  public AuditTrail(TenantCollections collections, Event<AuditEvent> events) {
    this.collections = collections;
    this.events = events;
  }

  /** Builds and durably records an event of {@code caller}. */
  public AuditEvent record(
      Caller caller,
      AuditAction action,
      ResourceType type,
      String resourceId,
      String patientId,
      AuditOutcome outcome,
      String operation,
      int resultCount) {
    AuditEvent event =
        new AuditEvent(
            UUID.randomUUID().toString(),
            Instant.now(),
            caller.tenant().map(Object::toString).orElse(null),
            caller.subject(),
            caller.roles(),
            action,
            type,
            resourceId,
            patientId,
            outcome,
            caller.purposeOfUse(),
            caller.clientAddress(),
            operation,
            resultCount);
    store(event);
    return event;
  }

  /** Durably stores {@code event}, then fires it. */
  public void store(AuditEvent event) {
    try {
      collections.auditLog().insertOne(toDocument(event));
    } catch (MongoException | RecordsException e) {
      // The cause's type only: driver messages can quote commands and thus data.
      LOG.log(Level.SEVERE, "audit store write failed: {0}", e.getClass().getName());
      throw new AuditUnavailableException(e);
    }
    events.fireAsync(event);
  }

  static Document toDocument(AuditEvent e) {
    Document doc = new Document("_id", e.id());
    if (e.tenant() != null) {
      doc.append("tenantId", e.tenant());
    }
    return doc.append("occurredAt", java.util.Date.from(e.occurredAt()))
        .append("subject", e.subject())
        .append("roles", e.roles().stream().map(Enum::name).sorted().toList())
        .append("action", e.action().name())
        .append("resourceType", e.resourceType().name())
        .append("resourceId", e.resourceId())
        .append("patientId", e.patientId())
        .append("outcome", e.outcome().name())
        .append("purposeOfUse", e.purposeOfUse().hl7Code())
        .append("clientAddress", e.clientAddress())
        .append("operation", e.operation())
        .append("resultCount", e.resultCount());
  }
}
