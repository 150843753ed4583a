package org.phirecords.internal.fhirimport;

import java.time.Duration;
import org.phirecords.internal.config.RecordsConfig;

/**
 * The {@code records.import.bulk.*} settings (ADR 40).
 *
 * @param chunkBytes the largest chunk taken ({@code chunk-bytes}, 4 MiB)
 * @param chunkLines the most lines in a chunk ({@code chunk-lines}, 1,000: one batch registration)
 * @param maxFiles files per job ({@code max-files}, 20)
 * @param maxChunks chunks per file ({@code max-chunks}, 10,000)
 * @param uploadPeriod how long a job takes chunks before it is started ({@code upload-seconds}, 24
 *     h); a job never started is then removed
 * @param maxRun how long a started job may take before it and its chunks are removed ({@code
 *     max-run-seconds}, 7 days)
 * @param keep how long an ended job's status stays readable ({@code keep-seconds}, 24 h)
 * @param lease how long a running job stays with the instance that claimed it without news ({@code
 *     lease-seconds}, 60 s); after that any instance resumes it
 * @param poll how often each instance looks for jobs to run or resume ({@code poll-seconds}, 5 s)
 */
record BulkImportSettings(
    int chunkBytes,
    int chunkLines,
    int maxFiles,
    int maxChunks,
    Duration uploadPeriod,
    Duration maxRun,
    Duration keep,
    Duration lease,
    Duration poll) {
  static final String PREFIX = "records.import.bulk.";

  static BulkImportSettings of(RecordsConfig config) {
    return new BulkImportSettings(
        number(config, "chunk-bytes", 4 << 20, 1024, 8 << 20),
        number(config, "chunk-lines", 1000, 1, 1000),
        number(config, "max-files", 20, 1, 100),
        number(config, "max-chunks", 10_000, 1, 100_000),
        config.seconds(PREFIX + "upload-seconds", Duration.ofHours(24)),
        config.seconds(PREFIX + "max-run-seconds", Duration.ofDays(7)),
        config.seconds(PREFIX + "keep-seconds", Duration.ofHours(24)),
        config.seconds(PREFIX + "lease-seconds", Duration.ofSeconds(60)),
        config.seconds(PREFIX + "poll-seconds", Duration.ofSeconds(5)));
  }

  private static int number(RecordsConfig config, String key, int fallback, int min, int max) {
    int value =
        config.value(PREFIX + key).map(String::trim).map(Integer::parseInt).orElse(fallback);
    if (value < min || value > max) {
      throw new IllegalStateException(PREFIX + key + " must be " + min + " to " + max);
    }
    return value;
  }
}
