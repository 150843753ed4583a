package org.phirecords.service;

import org.phirecords.integration.IntegrationEventPage;

/**
 * The caller's tenant's integration events (ADR 35), read by position: at least once, in order,
 * resumable. Needs {@code INTEGRATION_EVENTS_READ} held over the whole tenant; each read is
 * audited.
 */
public interface IntegrationEvents {
  /** Most events one page holds. */
  int MAX_LIMIT = 500;

  /**
   * Up to {@code limit} events after {@code position} (null: from the start of the stream), and the
   * position to ask for next. A page may hold fewer events than asked (even none) while more
   * follow: read on from {@code next} until a page comes back empty.
   *
   * @throws org.phirecords.error.RecordsException {@code PHR-400-15} for a position this stream
   *     never gave, {@code PHR-400-16} for a limit outside 1 to {@link #MAX_LIMIT}, {@code
   *     PHR-410-02} for a position whose events the retention purge has removed
   */
  IntegrationEventPage after(String position, int limit);
}
