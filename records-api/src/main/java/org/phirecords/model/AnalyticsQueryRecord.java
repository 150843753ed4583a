package org.phirecords.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An analytics query as its audit shows it to the privacy officer (ADR 43): who ran it, when, why,
 * its parameters (codes, range, dimensions, organisations; never a value about a person), and how
 * many cells it returned and suppressed. {@code intact}: the parameters still match the digest the
 * audit chain holds for the query.
 */
public record AnalyticsQueryRecord(
    String queryId,
    Instant at,
    String subject,
    String purposeOfUse,
    String measure,
    List<String> dimensions,
    LocalDate from,
    LocalDate to,
    List<String> codes,
    List<String> organisations,
    int cells,
    int suppressed,
    boolean intact) {
  /** Copies the lists. */
  public AnalyticsQueryRecord {
    dimensions = List.copyOf(dimensions);
    codes = List.copyOf(codes);
    organisations = List.copyOf(organisations);
  }
}
