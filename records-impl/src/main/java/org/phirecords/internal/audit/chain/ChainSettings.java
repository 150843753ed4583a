package org.phirecords.internal.audit.chain;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.phirecords.audit.ChainCheckpoint;

/**
 * How a trail seals and checks its chains: the key ring, the checkpoints it takes (nullable: none),
 * and the checkpoint files verification reads ({@code records.audit.checkpoint.verify-paths},
 * comma-separated; default {@code records.audit.checkpoint.path}, the file this instance writes).
 */
public record ChainSettings(
    ChainKeys keys, ChainCheckpoints checkpoints, List<Path> checkpointFiles) {

  /** One key, no checkpoints (tests, tools). */
  public static ChainSettings of(ChainKey key) {
    return new ChainSettings(ChainKeys.of(key), null, List.of());
  }

  /** The configured settings; checkpoints taken are handed to {@code sinks}. */
  public static ChainSettings from(
      Function<String, Optional<String>> config, Consumer<ChainCheckpoint> sinks) {
    ChainKeys keys = ChainKeys.from(config);
    List<Path> files =
        config
            .apply("records.audit.checkpoint.verify-paths")
            .or(() -> config.apply("records.audit.checkpoint.path"))
            .map(
                paths ->
                    Arrays.stream(paths.split(","))
                        .map(String::trim)
                        .filter(p -> !p.isEmpty())
                        .map(Path::of)
                        .toList())
            .orElse(List.of());
    return new ChainSettings(
        keys,
        new ChainCheckpoints(
            keys.active(), ChainCheckpoints.interval(config), Clock.systemUTC(), sinks),
        files);
  }

  /** The checkpoints of {@code chain} in the checkpoint files. */
  public List<ChainCheckpoint> checkpointsOf(String chain) {
    return CheckpointLines.read(checkpointFiles, chain);
  }
}
