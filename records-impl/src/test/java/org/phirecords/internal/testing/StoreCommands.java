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
  private final java.util.concurrent.atomic.AtomicReference<Hook> hook =
      new java.util.concurrent.atomic.AtomicReference<>();

  private record Hook(String name, String collection, Runnable action) {
    boolean matches(Command command) {
      return command.name().equals(name) && command.collection().equals(collection);
    }
  }

  /**
   * Runs {@code action} once, on the thread sending it, just before the next command {@code name}
   * on {@code collection} goes to the store: a test interleaves another operation with one in
   * flight (the action should run on a thread of its own, as a concurrent request would).
   */
  public void beforeNext(String name, String collection, Runnable action) {
    hook.set(new Hook(name, collection, action));
  }

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
    Command command = new Command(name, collection, level);
    Hook next = hook.get();
    if (next != null && next.matches(command) && hook.compareAndSet(next, null)) {
      next.action().run();
    }
    seen.add(command);
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
