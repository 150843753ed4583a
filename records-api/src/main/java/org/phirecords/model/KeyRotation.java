package org.phirecords.model;

/**
 * Progress of a tenant's data key rotation.
 *
 * @param tenant the tenant
 * @param status {@code REENCRYPTING} while records remain under the old key, then {@code DONE}
 * @param reencrypted records re-encrypted so far, over all runs of this rotation
 * @param remaining records still encrypted with an older key
 */
public record KeyRotation(TenantId tenant, String status, long reencrypted, long remaining) {}
