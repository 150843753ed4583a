package org.phirecords.service;

import java.util.List;
import org.phirecords.model.AnalyticsQuery;
import org.phirecords.model.SavedQuery;
import org.phirecords.model.SavedQueryId;

/**
 * The tenant's named analytics queries (ADR 45), for analysts ({@code ANALYTICS_SAVED_QUERY}): each
 * model checked as {@link Analytics#query} checks it (PHR-400-55 to 60, PHR-403-20), every change
 * announced in the audit trail and concluded. Running one is {@link Analytics#query} of its model,
 * audited as any query.
 */
public interface SavedQueries {
  /**
   * Saves {@code query} as {@code name}. A name of another form is {@code PHR-400-67}; more than
   * 200 saved queries {@code PHR-400-68}; a name already used {@code PHR-409-32}.
   */
  SavedQuery save(String name, AnalyticsQuery query);

  /** Saved query {@code id}; unknown: {@code PHR-404-11}. */
  SavedQuery get(SavedQueryId id);

  /** The tenant's saved queries by name. */
  List<SavedQuery> list();

  /**
   * Replaces the name and model of version {@code version} of {@code id}; another version is a
   * version conflict ({@code PHR-409-01}).
   */
  SavedQuery update(SavedQueryId id, long version, String name, AnalyticsQuery query);

  /** Deletes {@code id}; unknown: {@code PHR-404-11}. */
  void delete(SavedQueryId id);
}
