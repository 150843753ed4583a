package org.phirecords.model;

/** Lifecycle state of a tenant. Only {@link #ACTIVE} tenants may act. */
public enum TenantStatus {
  ACTIVE,
  SUSPENDED,
  /** Offboarding confirmed and under way (keys destroyed, data being purged); resumable. */
  OFFBOARDING,
  OFFBOARDED
}
