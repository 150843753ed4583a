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
import org.phirecords.internal.config.RecordsConfig;
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
  private ChainKey key;
  private volatile AuditChainWriter writer;

  /** For CDI. */
  protected AuditTrail() {}

  /** The trail of {@code collections}, sealed with the configured chain key. */
  @Inject
  public AuditTrail(TenantCollections collections, Event<AuditEvent> events, RecordsConfig config) {
    this(collections, events, ChainKey.from(config::value));
  }

  /** Appends to the audit collection of {@code collections}; notifies {@code events}. */
  public AuditTrail(TenantCollections collections, Event<AuditEvent> events, ChainKey key) {
    this.collections = collections;
    this.events = events;
    this.key = key;
  }

  private AuditChainWriter writer() {
    AuditChainWriter w = writer;
    if (w == null) {
      synchronized (this) {
        if (writer == null) {
          writer = new AuditChainWriter(collections.auditLog(), collections.auditHeads(), key);
        }
        w = writer;
      }
    }
    return w;
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
      writer().append(toDocument(event));
    } catch (MongoException | RecordsException e) {
      // The cause's type only: driver messages can quote commands and thus data.
      LOG.log(Level.SEVERE, "audit store write failed: {0}", e.getClass().getName());
      throw new AuditUnavailableException(e);
    }
    events.fireAsync(event);
  }

  /** The verifier of this trail's chains. */
  public AuditChainVerifier verifier() {
    return new AuditChainVerifier(collections.auditLog(), collections.auditHeads(), key);
  }

  /** The event of a stored document. */
  static AuditEvent fromDocument(Document d) {
    java.util.Set<org.phirecords.security.Role> roles =
        java.util.EnumSet.noneOf(org.phirecords.security.Role.class);
    d.getList("roles", String.class, java.util.List.of())
        .forEach(r -> roles.add(org.phirecords.security.Role.valueOf(r)));
    String chain = d.getString(ChainLinks.CHAIN);
    return new AuditEvent(
        d.getString("_id"),
        d.getDate("occurredAt").toInstant(),
        ChainLinks.PLATFORM.equals(chain) ? null : chain,
        d.getString("subject"),
        roles,
        org.phirecords.audit.AuditAction.valueOf(d.getString("action")),
        org.phirecords.audit.ResourceType.valueOf(d.getString("resourceType")),
        d.getString("resourceId"),
        d.getString("patientId"),
        org.phirecords.audit.AuditOutcome.valueOf(d.getString("outcome")),
        org.phirecords.security.PurposeOfUse.parse(d.getString("purposeOfUse"))
            .orElse(org.phirecords.security.PurposeOfUse.OPERATIONS),
        d.getString("clientAddress"),
        d.getString("operation"),
        d.get("resultCount", Number.class) == null
            ? 0
            : d.get("resultCount", Number.class).intValue());
  }

  static Document toDocument(AuditEvent e) {
    Document doc = new Document("_id", e.id());
    doc.append(ChainLinks.CHAIN, e.tenant() == null ? ChainLinks.PLATFORM : e.tenant());
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
