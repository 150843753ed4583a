package org.phirecords.spi;

import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.ChainCheckpoint;

/**
 * Receives every audit event after it is durably stored in the trail, for streaming to a SIEM, and
 * the chains' sealed checkpoints. Implementations are CDI beans; they run asynchronously, off the
 * request path, and a failing sink never affects a request (the trail in the database stays the
 * record of truth).
 */
public interface AuditSink {
  /** Called once per stored event. */
  default void accept(AuditEvent event) {}

  /**
   * Called with each chain checkpoint (at most one per chain and checkpoint interval). Keep them
   * where the audit store's administrators cannot change them: verification compares the chain with
   * them to detect truncation.
   */
  default void checkpoint(ChainCheckpoint checkpoint) {}
}
