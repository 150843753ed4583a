package org.phirecords.internal.testing;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The store commands the fixture's clients send, as the driver's {@link CommandListener} reports
 * them: a test counts what one operation costs (ADR 31). Handshakes and pings are not counted.
 */
public final class StoreCommands implements CommandListener {
  /** Commands that change stored data: their acknowledgement is a durable round trip. */
  public static final Set<String> WRITES =
      Set.of("insert", "update", "delete", "findAndModify", "bulkWrite");

  private static final Set<String> IGNORED =
      Set.of("hello", "isMaster", "ismaster", "ping", "buildInfo", "endSessions", "killCursors");

  /**
   * One command: its name, the collection it names (empty when none) and the level of the read
   * concern it carries (empty when none: the server's default).
   */
  public record Command(String name, String collection, String readConcern) {
    /** Whether it writes. */
    public boolean writes() {
      return WRITES.contains(name);
    }

    @Override
    public String toString() {
      return name + (collection.isEmpty() ? "" : " " + collection);
    }
  }

  private final List<Command> seen = new CopyOnWriteArrayList<>();

  @Override
  public void commandStarted(CommandStartedEvent event) {
    String name = event.getCommandName();
    if (IGNORED.contains(name)) {
      return;
    }
    var value = event.getCommand().get(name);
    String collection = value != null && value.isString() ? value.asString().getValue() : "";
    var concern = event.getCommand().getDocument("readConcern", new org.bson.BsonDocument());
    String level = concern.containsKey("level") ? concern.getString("level").getValue() : "";
    seen.add(new Command(name, collection, level));
  }

  /** Forgets what was seen: counting starts afresh. */
  public void reset() {
    seen.clear();
  }

  /** What was seen since the last {@link #reset}, in order. */
  public List<Command> seen() {
    return List.copyOf(seen);
  }

  /** The commands seen on {@code collection}. */
  public List<Command> on(String collection) {
    return seen.stream().filter(c -> c.collection().equals(collection)).toList();
  }
}
