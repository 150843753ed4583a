package org.phirecords.service;

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
}
