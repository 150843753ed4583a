package org.phirecords.integration;

import java.util.List;

/**
 * A page of a tenant's integration events in stream order, and the position to read on from.
 *
 * @param events the events after the position asked for, oldest first (possibly none)
 * @param next the position to ask for next: every event up to it has been handed out
 */
public record IntegrationEventPage(List<IntegrationEvent> events, String next) {
  public IntegrationEventPage {
    events = List.copyOf(events);
    java.util.Objects.requireNonNull(next, "next");
  }
}
