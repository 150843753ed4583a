package org.phirecords.internal.audit.trail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
  private Optional<RotatingLines> file;

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
    this.file = path.map(p -> new RotatingLines(p, maxBytes, keep));
  }

  @Override
  public synchronized void accept(AuditEvent event) {
    if (file.isEmpty()) {
      return;
    }
    byte[] line = (BalpAuditEvents.toFhir(event) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      file.get().append(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
