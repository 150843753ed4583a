package org.phirecords.dev;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Loggers that print plain lines to the console (no level, no time), for the command-line tools:
 * the launcher, the soak, the benchmarks. What they print is counts, addresses and synthetic ids,
 * never patient data.
 */
public final class ConsoleLog {
  private ConsoleLog() {}

  /** The logger {@code name}, printing its messages as plain lines. */
  public static Logger named(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setUseParentHandlers(false);
    ConsoleHandler handler = new ConsoleHandler();
    handler.setFormatter(
        new Formatter() {
          @Override
          public String format(LogRecord record) {
            return record.getMessage() + System.lineSeparator();
          }
        });
    logger.addHandler(handler);
    return logger;
  }
}
