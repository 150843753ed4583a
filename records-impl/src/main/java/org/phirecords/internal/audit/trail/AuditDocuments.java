package org.phirecords.internal.audit.trail;

import java.time.Instant;
import java.util.UUID;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.chain.ChainLinks;
import org.phirecords.security.Caller;

/** The stored form of an audit event: fields only; the chain adds its link fields. */
public final class AuditDocuments {
  private AuditDocuments() {}

  /** The event of a stored document. */
  public static AuditEvent fromDocument(Document d) {
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
            : d.get("resultCount", Number.class).intValue(),
        d.getString(EMERGENCY));
  }

  /**
   * The event field naming the break-glass declaration an access ran under (ADR 28); present only
   * then, and covered by the chain's hash when present.
   */
  public static final String EMERGENCY = ChainLinks.EMERGENCY;

  /** The event field holding the written record's digest (ADR 23). */
  public static final String RECORD_DIGEST = ChainLinks.RECORD_DIGEST;

  /** The event field naming the key of {@link #RECORD_DIGEST}. */
  public static final String RECORD_DIGEST_KEY = ChainLinks.RECORD_DIGEST_KEY;

  /** {@code e} as an access under break-glass declaration {@code id}: purpose ETREAT (ADR 28). */
  static AuditEvent underDeclaration(AuditEvent e, String id) {
    return new AuditEvent(
        e.id(),
        e.occurredAt(),
        e.tenant(),
        e.subject(),
        e.roles(),
        e.action(),
        e.resourceType(),
        e.resourceId(),
        e.patientId(),
        e.outcome(),
        org.phirecords.security.PurposeOfUse.EMERGENCY_TREATMENT,
        e.clientAddress(),
        e.operation(),
        e.resultCount(),
        id);
  }

  /** Adds a record's seal ({@code kid}, {@code mac}; null: nothing) to an event document. */
  static void appendSeal(Document event, Document seal) {
    if (seal != null) {
      event.append(RECORD_DIGEST, seal.getString("mac"));
      event.append(RECORD_DIGEST_KEY, seal.getString("kid"));
    }
  }

  /** The stored form of {@code event}, naming its write's {@code intentId} and {@code seal}. */
  static Document stored(AuditEvent event, String intentId, Document seal) {
    Document doc = toDocument(event);
    if (intentId != null) {
      doc.append("intentId", intentId);
    }
    appendSeal(doc, seal);
    return doc;
  }

  static Document toDocument(AuditEvent e) {
    Document doc = new Document("_id", e.id());
    doc.append(ChainLinks.CHAIN, e.tenant() == null ? ChainLinks.PLATFORM : e.tenant());
    doc.append("occurredAt", java.util.Date.from(e.occurredAt()))
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
    if (e.emergencyId() != null) {
      doc.append(EMERGENCY, e.emergencyId());
    }
    return doc;
  }

  /** The event of {@code intent}'s outcome. */
  static AuditEvent event(WriteIntent intent, AuditOutcome outcome, int resultCount) {
    AuditEvent e =
        event(
            intent.caller(),
            intent.action(),
            intent.permission().resourceType(),
            intent.resourceId(),
            intent.patientId(),
            outcome,
            intent.operation(),
            resultCount);
    return intent.emergencyId() == null ? e : underDeclaration(e, intent.emergencyId());
  }

  /** A new event of {@code caller}, now. */
  static AuditEvent event(
      Caller caller,
      AuditAction action,
      ResourceType type,
      String resourceId,
      String patientId,
      AuditOutcome outcome,
      String operation,
      int resultCount) {
    return new AuditEvent(
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
  }
}
