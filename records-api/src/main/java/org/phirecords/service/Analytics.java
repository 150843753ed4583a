package org.phirecords.service;

import java.time.Instant;
import java.util.List;
import org.phirecords.model.AnalyticsQuery;
import org.phirecords.model.AnalyticsQueryRecord;
import org.phirecords.model.AnalyticsResult;

/**
 * Aggregate queries on the de-identified analytics projection (ADR 43): counts by the query's
 * dimensions within the caller's tenant and organisations, small cells suppressed, every query
 * audited with its parameters.
 */
public interface Analytics {
  /** Runs {@code query}. Needs {@code ANALYTICS_QUERY} (the analyst role). */
  AnalyticsResult query(AnalyticsQuery query);

  /**
   * The analytics queries run in the caller's tenant between {@code from} and {@code to} (either
   * may be null), newest first, at most {@code limit} (1 to 500). Needs {@code
   * ANALYTICS_AUDIT_READ} (the privacy officer).
   */
  List<AnalyticsQueryRecord> queries(Instant from, Instant to, int limit);
}
