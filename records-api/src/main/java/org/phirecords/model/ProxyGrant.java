package org.phirecords.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A grant to a personal representative (ADR 46): the person who signs in as {@code issuer} and
 * {@code subject} may act for {@code patient} within {@code scope} from {@code start} until {@code
 * expiry}, unless revoked. The reason is kept sealed in the store and not returned.
 *
 * @param id opaque
 * @param patient the patient acted for
 * @param issuer the token issuer of the representative
 * @param subject the representative, as their tokens name them ({@code sub})
 * @param relationship why they act for the patient
 * @param scope what they see
 * @param start from when
 * @param expiry until when (exclusive)
 * @param grantedBy the subject of whoever granted it (staff, or the patient)
 * @param revokedAt when it was revoked, or empty
 */
public record ProxyGrant(
    ProxyGrantId id,
    PatientId patient,
    String issuer,
    String subject,
    ProxyRelationship relationship,
    ProxyScope scope,
    Instant start,
    Instant expiry,
    String grantedBy,
    Optional<Instant> revokedAt) {
  /** Checks presence. */
  public ProxyGrant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(relationship, "relationship");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(expiry, "expiry");
    Objects.requireNonNull(grantedBy, "grantedBy");
    Objects.requireNonNull(revokedAt, "revokedAt");
  }
}
