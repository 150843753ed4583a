package org.phirecords.internal.migration;

import org.phirecords.model.TenantId;

/**
 * One versioned change of stored documents, applied tenant by tenant. It must be idempotent (a
 * document already changed is left alone) and resumable (a run killed at any point, run again, ends
 * as one uninterrupted run would), since a run may stop anywhere and starts over at the tenant it
 * was in.
 */
public interface Migration {
  /** Its id, ordered as it applies: four digits and a name, e.g. {@code 0001-schema-version}. */
  String id();

  /**
   * Changes {@code tenant}'s documents, calling {@code heartbeat} at least once per batch (it
   * renews the run's lease, and throws if the lease was lost); how many documents it changed.
   */
  long migrate(TenantId tenant, Runnable heartbeat);
}
