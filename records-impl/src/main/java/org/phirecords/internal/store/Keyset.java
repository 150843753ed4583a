package org.phirecords.internal.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bson.conversions.Bson;

/**
 * Keyset paging (ADR 19): the filter for "after this position" and the matching sort, over a key of
 * several fields, each ascending or descending. With an index whose fields follow the {@code
 * tenantId} prefix and the list's equality fields in the same order and directions, the store seeks
 * to the position instead of skipping over earlier items.
 */
public final class Keyset {
  /** One field of the key at a position: its name, its value there, its direction. */
  public record Key(String field, Object value, boolean ascending) {
    /** Ascending field {@code field}, at {@code value}. */
    public static Key asc(String field, Object value) {
      return new Key(field, value, true);
    }

    /** Descending field {@code field}, at {@code value}. */
    public static Key desc(String field, Object value) {
      return new Key(field, value, false);
    }
  }

  private Keyset() {}

  /** The sort of the key. */
  public static Bson sort(List<Key> keys) {
    return Sorts.orderBy(
        keys.stream()
            .map(k -> k.ascending() ? Sorts.ascending(k.field()) : Sorts.descending(k.field()))
            .toList());
  }

  /**
   * Items strictly after the position in the key's order: the first field beyond its value, or
   * equal to it and the second beyond, and so on. With more than one field, the first field's
   * inclusive bound is stated as well, so that the store bounds its index scan by it.
   */
  public static Bson after(List<Key> keys) {
    List<Bson> alternatives = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      List<Bson> terms = new ArrayList<>();
      for (Key equal : keys.subList(0, i)) {
        terms.add(eq(equal.field(), equal.value()));
      }
      Key k = keys.get(i);
      terms.add(k.ascending() ? gt(k.field(), k.value()) : lt(k.field(), k.value()));
      alternatives.add(terms.size() == 1 ? terms.get(0) : and(terms));
    }
    if (alternatives.size() == 1) {
      return alternatives.get(0);
    }
    Key first = keys.get(0);
    Bson bound =
        first.ascending() ? gte(first.field(), first.value()) : lte(first.field(), first.value());
    return and(bound, or(alternatives));
  }

  /**
   * A key of a time field then the id, both in one direction, whose positions read as the time's
   * epoch millis, a dash and the id; {@code ids} checks an id (throws if it is not one).
   */
  public record ByTime(String time, String id, boolean ascending, UnaryOperator<String> ids) {
    /** The position of an item at {@code at} with id {@code id}. */
    public static String position(Instant at, String id) {
      return at.toEpochMilli() + "-" + id;
    }

    /** {@code position} if it is one of this key's positions; else a RuntimeException. */
    public String checked(String position) {
      keys(position);
      return position;
    }

    /** Items strictly after {@code position}. */
    public Bson after(String position) {
      return Keyset.after(keys(position));
    }

    /** The key's sort. */
    public Bson sort() {
      return Keyset.sort(List.of(new Key(time, null, ascending), new Key(id, null, ascending)));
    }

    private List<Key> keys(String position) {
      int dash = position.indexOf('-');
      return List.of(
          new Key(time, new Date(Long.parseLong(position.substring(0, dash))), ascending),
          new Key(id, ids.apply(position.substring(dash + 1)), ascending));
    }
  }
}
