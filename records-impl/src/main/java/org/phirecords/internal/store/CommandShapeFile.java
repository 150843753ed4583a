package org.phirecords.internal.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.phirecords.internal.meter.CommandShape;

/**
 * Development only ({@code records.mongodb.command-shapes}): appends each distinct command shape
 * this process issues (collection, command, whether its filter pins {@code tenantId} by equality,
 * field names; never a value) to a file, once. The integration tests read it to prove every command
 * on tenant data is targetable under a shard key starting with {@code tenantId}.
 */
final class CommandShapeFile implements Consumer<CommandShape> {
  /** The setting naming the file; honoured in development mode only. */
  static final String KEY = "records.mongodb.command-shapes";

  private static final Logger LOG = Logger.getLogger(CommandShapeFile.class.getName());

  private final Path file;
  private final Set<String> written = ConcurrentHashMap.newKeySet();

  CommandShapeFile(String path) {
    this.file = Path.of(path);
  }

  @Override
  public void accept(CommandShape shape) {
    String line = shape.line();
    if (!written.add(line)) {
      return;
    }
    synchronized (this) {
      try {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(
            file,
            line + System.lineSeparator(),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        written.remove(line); // tried again next time
        LOG.warning("cannot write command shapes to " + KEY + ": " + e.getClass().getName());
      }
    }
  }
}
