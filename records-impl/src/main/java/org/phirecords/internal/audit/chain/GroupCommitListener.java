package org.phirecords.internal.audit.chain;

/**
 * What the audit chain writer tells about its group commit (ADR 31): each batch stored, and how
 * long each caller waited for its events. Counts and durations only; the default does nothing.
 */
public interface GroupCommitListener {
  /** Does nothing. */
  GroupCommitListener NONE = new GroupCommitListener() {};

  /** A batch of {@code events} events was written in one insert. */
  default void batchWritten(int events) {}

  /** A caller's {@code events} events became durable {@code waitNanos} after it asked. */
  default void appended(int events, long waitNanos) {}
}
