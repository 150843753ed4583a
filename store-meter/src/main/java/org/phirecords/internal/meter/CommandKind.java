package org.phirecords.internal.meter;

import java.util.Set;

/** What a store command does to data: reads it, writes it, or neither (catalog, cursors, pings). */
public enum CommandKind {
  READ,
  WRITE,
  OTHER;

  private static final Set<String> READS =
      Set.of("find", "getMore", "aggregate", "count", "distinct");
  private static final Set<String> WRITES =
      Set.of("insert", "update", "delete", "findAndModify", "bulkWrite");

  /** The kind of the command named {@code commandName} (the first key of the command document). */
  public static CommandKind of(String commandName) {
    if (READS.contains(commandName)) {
      return READ;
    }
    return WRITES.contains(commandName) ? WRITE : OTHER;
  }

  /** The name used in metric tags and results: {@code read}, {@code write}, {@code other}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
