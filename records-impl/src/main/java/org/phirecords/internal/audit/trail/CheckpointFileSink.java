package org.phirecords.internal.audit.trail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.phirecords.audit.ChainCheckpoint;
import org.phirecords.internal.audit.chain.CheckpointLines;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.spi.AuditSink;

/**
 * Writes the audit chains' sealed checkpoints as JSON lines to {@code
 * records.audit.checkpoint.path}, rotating like the event sink ({@code .max-bytes}, default 10 MiB;
 * {@code .keep}, default 5). A rotated-in file starts with the newest checkpoint of every chain
 * this instance has checkpointed, so rotation never loses a chain's newest checkpoint. Keep the
 * file where the audit store's administrators cannot write (docs/operations.md). Off unless a path
 * is configured.
 */
@ApplicationScoped
public class CheckpointFileSink implements AuditSink {
  private Optional<RotatingLines> file;
  private final Map<String, ChainCheckpoint> newest = new LinkedHashMap<>();

  /** For CDI. */
  protected CheckpointFileSink() {}

  /** Configured from {@code config}. */
  @Inject
  public CheckpointFileSink(RecordsConfig config) {
    this(
        config.value("records.audit.checkpoint.path").map(Path::of),
        config.value("records.audit.checkpoint.max-bytes").map(Long::parseLong).orElse(10_485_760L),
        config.value("records.audit.checkpoint.keep").map(Integer::parseInt).orElse(5));
  }

  /** A sink writing to {@code path} (empty: off). */
  public CheckpointFileSink(Optional<Path> path, long maxBytes, int keep) {
    this.file = path.map(p -> new RotatingLines(p, maxBytes, keep));
  }

  @Override
  public synchronized void checkpoint(ChainCheckpoint checkpoint) {
    if (file.isEmpty()) {
      return;
    }
    newest.merge(checkpoint.chain(), checkpoint, (a, b) -> b.seq() > a.seq() ? b : a);
    try {
      if (file.get().append(bytes(checkpoint))) {
        for (ChainCheckpoint carried : newest.values()) {
          if (carried != checkpoint) {
            file.get().append(bytes(carried));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(ChainCheckpoint checkpoint) {
    return (CheckpointLines.line(checkpoint) + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
