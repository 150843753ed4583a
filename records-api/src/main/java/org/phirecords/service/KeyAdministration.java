package org.phirecords.service;

import org.phirecords.model.KeyRotation;
import org.phirecords.model.TenantId;

/**
 * Platform administration of encryption keys. Needs {@code TENANT_MANAGE}; audited; never touches
 * PHI.
 */
public interface KeyAdministration {
  /**
   * Master key rotation: re-wraps every tenant's data key with the currently configured master key
   * (the driver's {@code rewrapManyDataKey}). Data stays encrypted with the same data keys, so no
   * record is rewritten. Returns how many data keys were re-wrapped.
   */
  long rewrapDataKeys();

  /**
   * Data key rotation for one tenant: a new data key becomes active and every identity record is
   * re-encrypted with it in batches. Resumable: after a crash, calling it again continues where the
   * last run stopped. Lookups keep working throughout. Old keys are kept (backups need them) until
   * the tenant is offboarded.
   */
  KeyRotation rotateDataKey(TenantId tenant);
}
