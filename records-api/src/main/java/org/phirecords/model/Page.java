package org.phirecords.model;

import java.util.List;

/**
 * One page of results. {@code nextCursor} is an opaque continuation token built from record ids
 * only (never from PHI), or {@code null} on the last page.
 */
public record Page<T>(List<T> items, String nextCursor) {
  /** Copies the item list. */
  public Page {
    items = List.copyOf(items);
  }
}
