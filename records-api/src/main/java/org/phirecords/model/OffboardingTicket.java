package org.phirecords.model;

import java.time.Instant;

/** The confirmation code that the second step of offboarding must present, and its expiry. */
public record OffboardingTicket(TenantId tenant, String confirmation, Instant expiresAt) {
  @Override
  public String toString() {
    return "OffboardingTicket[tenant=" + tenant + "]";
  }
}
