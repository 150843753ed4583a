package org.phirecords.internal.meter;

import java.util.List;
import java.util.TreeSet;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonRegularExpression;
import org.bson.BsonValue;

/**
 * What a data command looks like to a sharded cluster: its collection, its name, whether every
 * filter it carries (or every document it inserts) pins {@code field} by equality, so that it can
 * be routed to one shard under a shard key starting with that field, and the names of its filter's
 * top-level fields. Names only: never a value.
 */
public record CommandShape(String collection, String command, boolean pinned, String fields) {

  /** One line: {@code collection command pinned|unpinned [fields]}. */
  public String line() {
    return collection + " " + command + " " + (pinned ? "pinned" : "unpinned") + " " + fields;
  }

  /**
   * The shape of {@code command} (the command document the driver sends) named {@code name}, as to
   * {@code field}; null for commands that carry no filter of their own (cursors, catalog, pings).
   */
  public static CommandShape of(String name, BsonDocument command, String field) {
    String collection = CommandMeter.collectionOf(name, command);
    return switch (name) {
      case "find" -> filtered(collection, name, command.get("filter"), field);
      case "count", "distinct", "findAndModify" ->
          filtered(collection, name, command.get("query"), field);
      case "aggregate" -> filtered(collection, name, firstMatch(command), field);
      case "update", "delete" ->
          statements(
              collection, name, command.get(name.equals("update") ? "updates" : "deletes"), field);
      case "insert" -> inserted(collection, name, command.get("documents"), field);
      default -> null;
    };
  }

  private static CommandShape filtered(
      String collection, String name, BsonValue filter, String field) {
    List<BsonValue> filters = filter == null ? List.of() : List.of(filter);
    return new CommandShape(collection, name, pins(filter, field), fields(filters));
  }

  private static CommandShape statements(
      String collection, String name, BsonValue statements, String field) {
    List<BsonValue> filters =
        statements instanceof BsonArray a
            ? a.stream().map(s -> s.isDocument() ? s.asDocument().get("q") : null).toList()
            : List.of();
    boolean all = !filters.isEmpty() && filters.stream().allMatch(f -> pins(f, field));
    return new CommandShape(collection, name, all, fields(filters));
  }

  private static CommandShape inserted(
      String collection, String name, BsonValue documents, String field) {
    // The driver's event carries the documents of an insert; each must name its tenant.
    List<BsonValue> docs = documents instanceof BsonArray a ? a.getValues() : List.of();
    boolean all =
        !docs.isEmpty()
            && docs.stream().allMatch(d -> d.isDocument() && d.asDocument().containsKey(field));
    return new CommandShape(collection, name, all, "[documents]");
  }

  private static BsonValue firstMatch(BsonDocument command) {
    if (command.get("pipeline") instanceof BsonArray p
        && !p.isEmpty()
        && p.get(0).isDocument()
        && p.get(0).asDocument().containsKey("$match")) {
      return p.get(0).asDocument().get("$match");
    }
    return null;
  }

  /** Whether {@code filter} holds only documents whose {@code field} equals one value. */
  static boolean pins(BsonValue filter, String field) {
    if (filter == null || !filter.isDocument()) {
      return false;
    }
    BsonDocument d = filter.asDocument();
    BsonValue v = d.get(field);
    if (v != null) {
      if (v instanceof BsonRegularExpression) {
        return false;
      }
      if (v.isDocument()) {
        BsonDocument ops = v.asDocument();
        boolean operators = !ops.isEmpty() && ops.getFirstKey().startsWith("$");
        return !operators || ops.containsKey("$eq");
      }
      return true;
    }
    if (d.get("$and") instanceof BsonArray and) {
      return and.stream().anyMatch(c -> pins(c, field));
    }
    if (d.get("$or") instanceof BsonArray or) {
      return !or.isEmpty() && or.stream().allMatch(c -> pins(c, field));
    }
    return false;
  }

  private static String fields(List<BsonValue> filters) {
    TreeSet<String> names = new TreeSet<>();
    filters.forEach(f -> collect(f, names));
    return names.toString().replace(" ", "");
  }

  /** The field names of a filter, those within {@code $and} and {@code $or} included. */
  private static void collect(BsonValue filter, TreeSet<String> names) {
    if (filter == null || !filter.isDocument()) {
      return;
    }
    filter
        .asDocument()
        .forEach(
            (name, value) -> {
              if ((name.equals("$and") || name.equals("$or")) && value instanceof BsonArray a) {
                a.forEach(c -> collect(c, names));
              } else {
                names.add(name);
              }
            });
  }
}
