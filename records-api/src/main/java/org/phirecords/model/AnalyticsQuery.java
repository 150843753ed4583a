package org.phirecords.model;

import java.time.LocalDate;
import java.util.List;

/**
 * An aggregate query on the de-identified analytics projection (ADR 43): one measure ({@code
 * patients}, distinct patients, or {@code entries}), up to three dimensions, a bounded date range
 * of entries, optional codes and organisations, and the purpose of use (one of {@link #PURPOSES}).
 * The module builds the pipeline; nothing of the caller's reaches the store as an operator.
 */
public record AnalyticsQuery(
    String measure,
    List<String> dimensions,
    LocalDate from,
    LocalDate to,
    List<Code> codes,
    List<String> organisations,
    String purposeOfUse) {
  /** The purposes of use an analytics query may state (HL7 v3 PurposeOfUse codes). */
  public static final List<String> PURPOSES =
      List.of("HOPERAT", "HQUALIMP", "HRESCH", "PUBHLTH", "HPAYMT");

  /** Copies the lists (absent: empty). */
  public AnalyticsQuery {
    dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
    codes = codes == null ? List.of() : List.copyOf(codes);
    organisations = organisations == null ? List.of() : List.copyOf(organisations);
  }
}
