package org.phirecords.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What a grant to a personal representative says (ADR 46).
 *
 * @param subject the representative's subject at their identity provider
 * @param issuer the representative's token issuer; {@code null}: the granting caller's own
 * @param relationship why they act for the patient
 * @param scope what they see
 * @param start from when; {@code null}: now
 * @param expiry until when (exclusive)
 * @param reason why it is granted (free text, sealed in the store, never returned nor audited)
 */
public record ProxyGrantRequest(
    String subject,
    String issuer,
    ProxyRelationship relationship,
    ProxyScope scope,
    Instant start,
    Instant expiry,
    String reason) {
  /** Checks presence of what has no default. */
  public ProxyGrantRequest {
    Objects.requireNonNull(relationship, "relationship");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(expiry, "expiry");
  }
}
