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

  /**
   * Runs up to {@code batches} (1 to 100) batches of 500 entry versions of the resumable rebuild of
   * the caller's tenant's projection (ADR 45), from the start if {@code restart}, else from where
   * the last run stopped; returns how many versions it projected (0: the projection is complete).
   * Needs {@code ANALYTICS_REBUILD} (the tenant admin).
   */
  int rebuild(boolean restart, int batches);
}
