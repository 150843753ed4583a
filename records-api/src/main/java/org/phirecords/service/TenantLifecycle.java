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

  /** First step of offboarding: a confirmation code, valid for 15 minutes. Changes nothing. */
  OffboardingTicket requestOffboarding(TenantId tenant);

  /**
   * Second step: destroys the tenant's data keys (crypto-shredding), then purges its records,
   * keeping the audit trail. Resumable: calling it again after a crash finishes the job.
   */
  Tenant confirmOffboarding(TenantId tenant, String confirmation);
}
