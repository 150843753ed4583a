package org.phirecords.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A named analytics query of a tenant, saved to be run again (ADR 45): its model as {@link
 * AnalyticsQuery} (no value about a person), who saved it last, when, and its version.
 */
public record SavedQuery(
    SavedQueryId id,
    String name,
    AnalyticsQuery query,
    String savedBy,
    Instant savedAt,
    long version) {
  /** Checks the required parts. */
  public SavedQuery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(query, "query");
  }
}
