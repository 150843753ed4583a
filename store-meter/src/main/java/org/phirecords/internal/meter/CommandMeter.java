package org.phirecords.internal.meter;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Counts the store commands of every client it is registered on (the driver's {@link
 * CommandListener}): in total by kind and collection, and per request ({@link RequestTally}) the
 * commands on the request's thread and the acknowledged writes it waited on. Always on and cheap (a
 * map look-up and a few adders per command). Optionally hands each data command's {@link
 * CommandShape} to a recorder (development only). Counts command names and collections, never a
 * value.
 */
public final class CommandMeter implements CommandListener {
  /** The key of commands that name no collection. */
  public static final String NO_COLLECTION = "-";

  private final Map<String, LongAdder[]> byCollection = new ConcurrentHashMap<>();
  private final LongAdder requests = new LongAdder();
  private final LongAdder[] requestCommands = adders();
  private final LongAdder requestSequentialWrites = new LongAdder();
  private final LongAdder requestSharedWrites = new LongAdder();
  private final LongAdder sharedWrites = new LongAdder();
  private final LongAdder sharedWriteRequests = new LongAdder();
  private final Consumer<CommandShape> shapes;
  private final String pinnedField;

  /** A meter that counts only. */
  public CommandMeter() {
    this(null, null);
  }

  /**
   * A meter that also hands the shape of every data command, as to {@code pinnedField}, to {@code
   * shapes} (on the command's thread; keep it quick).
   */
  public CommandMeter(Consumer<CommandShape> shapes, String pinnedField) {
    this.shapes = shapes;
    this.pinnedField = pinnedField;
  }

  private static LongAdder[] adders() {
    LongAdder[] a = new LongAdder[CommandKind.values().length];
    for (int i = 0; i < a.length; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  @Override
  public void commandStarted(CommandStartedEvent event) {
    String name = event.getCommandName();
    CommandKind kind = CommandKind.of(name);
    BsonDocument command = event.getCommand();
    byCollection.computeIfAbsent(collectionOf(name, command), c -> adders())[kind.ordinal()]
        .increment();
    int charged = RequestTally.onCommand(kind, kind == CommandKind.WRITE && acknowledged(command));
    if (charged > 1) {
      sharedWrites.increment();
      sharedWriteRequests.add(charged);
    }
    if (shapes != null && kind != CommandKind.OTHER) {
      CommandShape shape = CommandShape.of(name, command, pinnedField);
      if (shape != null) {
        shapes.accept(shape);
      }
    }
  }

  /** Adds a closed request's tally ({@link RequestTally#end()}) to the totals; null is ignored. */
  public void requestEnded(RequestTally tally) {
    if (tally == null) {
      return;
    }
    requests.increment();
    for (CommandKind k : CommandKind.values()) {
      requestCommands[k.ordinal()].add(tally.commands(k));
    }
    requestSequentialWrites.add(tally.sequentialWrites());
    requestSharedWrites.add(tally.sharedWrites());
  }

  /** Commands of {@code kind} on {@code collection} so far. */
  public long commands(CommandKind kind, String collection) {
    LongAdder[] a = byCollection.get(collection);
    return a == null ? 0 : a[kind.ordinal()].sum();
  }

  /** Commands of {@code kind} so far, every collection. */
  public long commands(CommandKind kind) {
    return byCollection.values().stream().mapToLong(a -> a[kind.ordinal()].sum()).sum();
  }

  /** The collections seen so far, each with its commands by kind (read, write, other). */
  public Map<String, long[]> byCollection() {
    Map<String, long[]> out = new TreeMap<>();
    byCollection.forEach((c, a) -> out.put(c, new long[] {a[0].sum(), a[1].sum(), a[2].sum()}));
    return out;
  }

  /** Requests whose tallies were added. */
  public long requests() {
    return requests.sum();
  }

  /** Commands of {@code kind} those requests issued on their threads. */
  public long requestCommands(CommandKind kind) {
    return requestCommands[kind.ordinal()].sum();
  }

  /** Sequential acknowledged writes those requests waited on, summed over the requests. */
  public long requestSequentialWrites() {
    return requestSequentialWrites.sum();
  }

  /** Of {@link #requestSequentialWrites()}, those shared with other requests. */
  public long requestSharedWrites() {
    return requestSharedWrites.sum();
  }

  /** Acknowledged write commands issued for more than one waiting request at once. */
  public long sharedWrites() {
    return sharedWrites.sum();
  }

  /** The requests those shared writes were charged to, summed over the writes. */
  public long sharedWriteRequests() {
    return sharedWriteRequests.sum();
  }

  /** The collection {@code command} (named {@code name}) works on, or {@link #NO_COLLECTION}. */
  public static String collectionOf(String name, BsonDocument command) {
    if (command == null) {
      return NO_COLLECTION;
    }
    BsonValue target = command.get(name.equals("getMore") ? "collection" : name);
    return target != null && target.isString() ? target.asString().getValue() : NO_COLLECTION;
  }

  /** Whether a write asks for an acknowledgement: any write concern but {@code w: 0}. */
  static boolean acknowledged(BsonDocument command) {
    if (command != null && command.get("writeConcern") instanceof BsonDocument wc) {
      BsonValue w = wc.get("w");
      return w == null || !(w.isNumber() && w.asNumber().intValue() == 0);
    }
    return true;
  }
}
