package org.phirecords.internal.store;

/**
 * A programming error: code tried to set, change or filter on the tenant (or the owner) itself, or
 * to use an aggregation stage that could leave the tenant's scope.
 */
public class TenantScopeViolation extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  TenantScopeViolation(String message) {
    super(message);
  }
}
