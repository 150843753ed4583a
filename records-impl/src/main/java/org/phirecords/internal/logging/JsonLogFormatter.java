package org.phirecords.internal.logging;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line and log event, with stable field names: {@code time}, {@code level},
 * {@code logger}, {@code thread}, {@code message}, {@code incidentId} when the event carries an
 * {@link Incident}, and {@code exception} with the class names of a thrown exception and its causes
 * (never their messages: a driver's or parser's message may quote stored or submitted values).
 */
public final class JsonLogFormatter extends Formatter {
  private static final JsonProvider JSON = JsonProvider.provider();

  @Override
  public String format(LogRecord record) {
    JsonObjectBuilder line =
        JSON.createObjectBuilder()
            .add("time", Instant.ofEpochMilli(record.getMillis()).toString())
            .add("level", record.getLevel().getName())
            .add("logger", record.getLoggerName() == null ? "" : record.getLoggerName())
            .add("thread", thread(record))
            .add("message", formatMessage(record));
    incident(record).ifPresent(id -> line.add("incidentId", id));
    if (record.getThrown() != null) {
      line.add("exception", JSON.createArrayBuilder(types(record.getThrown())));
    }
    return line.build().toString() + System.lineSeparator();
  }

  /** The name of the logging thread when it is the event's, else the event's thread id. */
  private static String thread(LogRecord record) {
    Thread current = Thread.currentThread();
    return current.getId() == record.getLongThreadID()
        ? current.getName()
        : Long.toString(record.getLongThreadID());
  }

  private static java.util.Optional<String> incident(LogRecord record) {
    if (record.getParameters() != null) {
      for (Object p : record.getParameters()) {
        if (p instanceof Incident incident) {
          return java.util.Optional.of(incident.id());
        }
      }
    }
    return java.util.Optional.empty();
  }

  /** The class names of {@code t} and its causes, outermost first. */
  static List<String> types(Throwable t) {
    List<String> types = new ArrayList<>();
    for (Throwable cur = t; cur != null && types.size() < 20; cur = cur.getCause()) {
      types.add(cur.getClass().getName());
      if (cur.getCause() == cur) {
        break;
      }
    }
    return types;
  }
}
