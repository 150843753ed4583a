package org.phirecords.internal.audit.chain;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.phirecords.audit.ChainCheckpoint;

/**
 * How a trail seals and checks its chains: the key ring, the checkpoints it takes (nullable: none),
 * the checkpoint files verification reads ({@code records.audit.checkpoint.verify-paths},
 * comma-separated; default {@code records.audit.checkpoint.path}, the file this instance writes),
 * and how long after the writers are told chain heads may move ({@code
 * records.audit.head-lag-millis}, default 200; 0: before they are told; ADR 31).
 */
public record ChainSettings(
    ChainKeys keys, ChainCheckpoints checkpoints, List<Path> checkpointFiles, Duration headLag) {

  /** The head lag unless configured, in milliseconds. */
  public static final long DEFAULT_LAG_MS = 200;

  /** Heads moved before the writers are told. */
  public ChainSettings(ChainKeys keys, ChainCheckpoints checkpoints, List<Path> checkpointFiles) {
    this(keys, checkpoints, checkpointFiles, Duration.ZERO);
  }

  /** The same, with heads moved up to {@code lag} after the writers are told (ADR 31). */
  public ChainSettings withHeadLag(Duration lag) {
    return new ChainSettings(keys, checkpoints, checkpointFiles, lag);
  }

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
        files,
        headLag(config));
  }

  private static Duration headLag(Function<String, Optional<String>> config) {
    long millis =
        config.apply("records.audit.head-lag-millis").map(Long::parseLong).orElse(DEFAULT_LAG_MS);
    if (millis < 0) {
      throw new IllegalStateException("records.audit.head-lag-millis must be >= 0");
    }
    return Duration.ofMillis(millis);
  }

  /** The checkpoints of {@code chain} in the checkpoint files. */
  public List<ChainCheckpoint> checkpointsOf(String chain) {
    return CheckpointLines.read(checkpointFiles, chain);
  }
}
