package org.phirecords.internal.audit.trail;

import org.bson.Document;
import org.phirecords.audit.AuditEvent;
import org.phirecords.internal.audit.chain.ChainLinks;

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
}
