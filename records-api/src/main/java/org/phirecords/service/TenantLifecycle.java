package org.phirecords.service;

import org.phirecords.model.OffboardingTicket;
import org.phirecords.model.Tenant;
import org.phirecords.model.TenantId;

/**
 * Lifecycle of tenants: suspension and irreversible offboarding. Needs {@code TENANT_MANAGE}; every
 * step is audited; no step reveals PHI.
 */
public interface TenantLifecycle {
  /** Refuses every request of the tenant's users from now on; keeps the data. */
  Tenant suspend(TenantId tenant);

  /** Lifts a suspension. Offboarded tenants cannot come back. */
  Tenant reactivate(TenantId tenant);

  /**
   * First step of offboarding: a confirmation code, valid for 15 minutes, for a second
   * administrator. Changes nothing else.
   */
  OffboardingTicket requestOffboarding(TenantId tenant);

  /**
   * Second step, by another administrator than the one who requested it (dual control): approves
   * the offboarding. After the configured cooling-off period (none in development), confirming
   * again with the same code destroys the tenant's data keys (crypto-shredding), then purges its
   * records, keeping the audit trail. Resumable: calling it again after a crash finishes the job.
   *
   * @throws org.phirecords.error.RecordsException {@code PHR-403-07} when the requester approves
   *     their own request; {@code PHR-409-07} while the cooling-off period lasts
   */
  Tenant confirmOffboarding(TenantId tenant, String confirmation);

  /** Withdraws a requested or approved offboarding that has not started. */
  Tenant cancelOffboarding(TenantId tenant);
}
