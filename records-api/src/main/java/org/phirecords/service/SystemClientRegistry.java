package org.phirecords.service;

import org.phirecords.model.SystemClients;

/**
 * The caller's tenant's system clients (ADR 39): which clients of its identity provider may call
 * with client-credentials tokens, the scopes each may use, and the tenant's own rows of the table
 * from scopes to permissions. Tenant admins only.
 */
public interface SystemClientRegistry {
  /** The tenant's clients and rows, with the table in force. */
  SystemClients systemClients();

  /**
   * Replaces the tenant's clients and rows, an announced write (ADR 20). Client ids and subjects
   * are 1 to 256 visible characters, not names the module acts under, each client id once, at most
   * 50 clients ({@code PHR-400-35}); scopes are SMART system scopes ({@code PHR-400-36}); rows name
   * only permissions a system client may hold ({@code PHR-400-37}). It reaches every instance
   * within {@code records.tenancy.status-cache-seconds}.
   *
   * @return the clients and rows now in force
   */
  SystemClients updateSystemClients(SystemClients clients);
}
