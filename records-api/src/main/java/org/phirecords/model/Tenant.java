package org.phirecords.model;

import java.time.Instant;

/**
 * A tenant: an organisation whose users and records are isolated from every other tenant.
 *
 * @param id its id
 * @param displayName the organisation's name
 * @param status where it is in its lifecycle
 * @param createdAt when it was onboarded
 * @param contact the organisation's contact address (null for tenants onboarded without one)
 * @param residency its data-residency label (null likewise)
 * @param issuer the issuer of its own identity provider, or null if its users sign in through the
 *     platform's
 * @param offboardingAt when an approved offboarding may start, once its cooling-off period is over
 *     (null if none is scheduled)
 */
public record Tenant(
    TenantId id,
    String displayName,
    TenantStatus status,
    Instant createdAt,
    String contact,
    String residency,
    String issuer,
    Instant offboardingAt) {
  /** A tenant with no offboarding scheduled. */
  public Tenant(
      TenantId id,
      String displayName,
      TenantStatus status,
      Instant createdAt,
      String contact,
      String residency,
      String issuer) {
    this(id, displayName, status, createdAt, contact, residency, issuer, null);
  }
}
