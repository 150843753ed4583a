package org.phirecords.service;

import java.time.Instant;

/**
 * Revokes a subject's sessions: every token issued to the subject before now is refused, on every
 * instance within {@code records.jwt.revocation-cache-seconds} (ADR 17). Audited.
 */
public interface SessionRevocation {
  /**
   * Revokes the tokens of {@code subject} in the caller's tenant (of the tenant's identity
   * provider, or of the platform issuer for a tenant without one); the instant from which tokens
   * are good again. Needs {@code SESSION_REVOKE}.
   */
  Instant revokeInTenant(String subject);

  /**
   * Revokes the tokens the platform issuer gave {@code subject}, in every tenant and for platform
   * administration; the instant from which tokens are good again. Needs {@code
   * PLATFORM_SESSION_REVOKE}.
   */
  Instant revokePlatformSubject(String subject);
}
