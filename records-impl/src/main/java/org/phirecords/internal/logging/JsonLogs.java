package org.phirecords.internal.logging;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.security.Priorities;

/**
 * With {@code records.log.format=json} the module's own log events ({@code org.phirecords.*}) go to
 * standard output as JSON lines ({@link JsonLogFormatter}) instead of the server's log; {@code
 * text} (the default) leaves them to the server. Anything else stops the start.
 */
@ApplicationScoped
public class JsonLogs {
  /** The module's root logger, held so that its handler is not lost with a collected logger. */
  private static final Logger MODULE = Logger.getLogger("org.phirecords");

  private RecordsConfig config;
  private Handler handler;

  /** For CDI. */
  protected JsonLogs() {}

  /** Reads {@code records.log.format} from {@code config}. */
  @Inject
  public JsonLogs(RecordsConfig config) {
    this.config = config;
  }

  void onStart(
      @Observes @Initialized(ApplicationScoped.class) @Priority(Priorities.LOG_FORMAT)
          Object ignored) {
    String format =
        config.value("records.log.format").orElse("text").trim().toLowerCase(Locale.ROOT);
    if (format.equals("text")) {
      return;
    }
    if (!format.equals("json")) {
      throw new IllegalStateException("records.log.format must be text or json");
    }
    handler = jsonLines();
    MODULE.addHandler(handler);
    MODULE.setUseParentHandlers(false);
  }

  void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) {
    if (handler != null) {
      MODULE.removeHandler(handler);
      MODULE.setUseParentHandlers(true);
      handler.close();
    }
  }

  /** A handler writing JSON lines to the process's own standard output, flushed per event. */
  static Handler jsonLines() {
    StreamHandler lines =
        new StreamHandler(new FileOutputStream(FileDescriptor.out), new JsonLogFormatter()) {
          @Override
          public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
          }

          @Override
          public synchronized void close() {
            flush(); // standard output stays open
          }
        };
    lines.setLevel(Level.ALL);
    return lines;
  }
}
