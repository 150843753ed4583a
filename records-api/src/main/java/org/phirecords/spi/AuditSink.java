package org.phirecords.spi;

import org.phirecords.audit.AuditEvent;

/**
 * Receives every audit event after it is durably stored in the trail, for streaming to a SIEM.
 * Implementations are CDI beans; they run asynchronously, off the request path, and a failing sink
 * never affects a request (the trail in the database stays the record of truth).
 */
public interface AuditSink {
  /** Called once per stored event. */
  default void accept(AuditEvent event) {}
}
