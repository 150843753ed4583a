package org.phirecords.internal.audit.trail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.phirecords.audit.AuditEvent;
import org.phirecords.internal.audit.export.BalpAuditEvents;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.spi.AuditSink;

/**
 * Streams audit events for a SIEM as JSON lines, one FHIR BALP {@code AuditEvent} per line, to
 * {@code records.audit.sink.jsonl.path}; rotates to {@code .1}, {@code .2}... when the file exceeds
 * {@code records.audit.sink.jsonl.max-bytes} (default 10 MiB), keeping {@code
 * records.audit.sink.jsonl.keep} files (default 5). Off unless a path is configured. Events hold no
 * PHI, so neither does the file.
 */
@ApplicationScoped
public class JsonLinesAuditSink implements AuditSink {
  private Optional<Path> path;
  private long maxBytes;
  private int keep;

  /** For CDI. */
  protected JsonLinesAuditSink() {}

  /** Configured from {@code config}. */
  @Inject
  public JsonLinesAuditSink(RecordsConfig config) {
    this(
        config.value("records.audit.sink.jsonl.path").map(Path::of),
        config.value("records.audit.sink.jsonl.max-bytes").map(Long::parseLong).orElse(10_485_760L),
        config.value("records.audit.sink.jsonl.keep").map(Integer::parseInt).orElse(5));
  }

  /** A sink writing to {@code path} (empty: off). */
  public JsonLinesAuditSink(Optional<Path> path, long maxBytes, int keep) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.keep = keep;
  }

  @Override
  public synchronized void accept(AuditEvent event) {
    if (path.isEmpty()) {
      return;
    }
    Path file = path.get();
    byte[] line = (BalpAuditEvents.toFhir(event) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      if (Files.exists(file) && Files.size(file) + line.length > maxBytes) {
        rotate(file);
      }
      Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void rotate(Path file) throws IOException {
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + "." + keep));
    for (int i = keep - 1; i >= 1; i--) {
      Path from = file.resolveSibling(file.getFileName() + "." + i);
      if (Files.exists(from)) {
        Files.move(
            from,
            file.resolveSibling(file.getFileName() + "." + (i + 1)),
            StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(
        file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
  }
}
