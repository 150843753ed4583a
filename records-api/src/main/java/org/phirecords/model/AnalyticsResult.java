package org.phirecords.model;

import java.util.List;

/**
 * The answer to an {@link AnalyticsQuery}: one cell per combination of dimension values found
 * ({@code values} in the order of the query's dimensions), each cell under the threshold, and the
 * complementary cells that would let it be derived, suppressed ({@code value} null); the total,
 * null when suppressed; the audit id of the query.
 */
public record AnalyticsResult(
    String queryId,
    String measure,
    List<String> dimensions,
    List<Cell> cells,
    Long total,
    int threshold,
    int suppressed) {
  /** Copies the lists. */
  public AnalyticsResult {
    dimensions = List.copyOf(dimensions);
    cells = List.copyOf(cells);
  }

  /** One cell: its dimension values, its count or null if {@code suppressed}. */
  public record Cell(List<String> values, Long value, boolean suppressed) {
    /** Copies the values. */
    public Cell {
      values = List.copyOf(values);
    }
  }
}
