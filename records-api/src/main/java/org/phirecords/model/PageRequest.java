package org.phirecords.model;

import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;

/**
 * Which page of a list to read: at most {@code limit} items after the position {@code after} (the
 * {@link Page#nextCursor()} of the previous page, or {@code null} for the first page). Every list
 * the module returns is read in such pages, so no list is ever cut off without saying so.
 *
 * @param after an opaque cursor from a previous page of the same list, or {@code null}
 * @param limit 1 to {@link #MAX_LIMIT} items
 */
public record PageRequest(String after, int limit) {
  /** Page size when the caller names none. */
  public static final int DEFAULT_LIMIT = 50;

  /** The largest page any list answers. */
  public static final int MAX_LIMIT = 200;

  /** The longest cursor accepted; longer ones are refused unread. */
  public static final int MAX_CURSOR_LENGTH = 256;

  /** Validates the limit and the cursor's length (its content is checked by the list it names). */
  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidInputException(
          ErrorCode.INVALID_PARAMETER, "limit", "limit must be 1 to " + MAX_LIMIT + ".");
    }
    if (after != null && (after.isEmpty() || after.length() > MAX_CURSOR_LENGTH)) {
      throw new InvalidInputException(
          ErrorCode.INVALID_CURSOR, "after", "The cursor is not valid for this list.");
    }
  }

  /** The first page of {@link #DEFAULT_LIMIT} items. */
  public static PageRequest first() {
    return new PageRequest(null, DEFAULT_LIMIT);
  }

  /** The first page of {@code limit} items. */
  public static PageRequest first(int limit) {
    return new PageRequest(null, limit);
  }

  /** The page after {@code page}, of the same size; only for a page that {@link Page#hasMore()}. */
  public PageRequest next(Page<?> page) {
    if (!page.hasMore()) {
      throw new IllegalStateException("the last page has no next page");
    }
    return new PageRequest(page.nextCursor(), limit);
  }
}
