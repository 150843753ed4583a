package org.phirecords.model;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list, in the list's stated order. {@code nextCursor} is an opaque cursor to pass as
 * {@link PageRequest#after()} for the next page, or {@code null} on the last page: a list says
 * whether more exists and is never cut off silently. Cursors are built from opaque ids and chain
 * positions only (never from PHI), are bound to the list, tenant and record they came from, and are
 * refused ({@code PHR-400-08}) anywhere else.
 */
public record Page<T>(List<T> items, String nextCursor) {
  /** Copies the item list. */
  public Page {
    items = List.copyOf(items);
  }

  /** The same page with each item mapped by {@code f}; the cursor is kept. */
  public <R> Page<R> map(Function<? super T, ? extends R> f) {
    return new Page<>(items.stream().<R>map(f).toList(), nextCursor);
  }

  /** Whether more items follow this page. */
  public boolean hasMore() {
    return nextCursor != null;
  }
}
