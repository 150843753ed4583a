package org.phirecords.internal.export;

import java.time.Duration;
import org.phirecords.internal.config.RecordsConfig;

/**
 * The {@code records.export.*} settings (ADR 38).
 *
 * @param fileLifetime how long completed files stay downloadable ({@code file-seconds}, 1 h)
 * @param maxRun how long a job may run before it fails ({@code max-run-seconds}, 1 h)
 * @param stalled a running job not heard of for this long counts as failed: its instance ended and
 *     no instance resumed it ({@code stalled-seconds}, 10 min)
 * @param partBytes the plaintext size at which a file's part is sealed and stored ({@code
 *     part-bytes}, 1 MiB: far below MongoDB's 16 MB document limit once encrypted)
 * @param maxRunning exports one client may run at once ({@code max-running-per-client}, 2)
 * @param pageSize patients read per page ({@code page-size}, 100)
 * @param lease how long a run's lease on its job lasts unless renewed (with each page); once it
 *     lapsed, another instance resumes the job ({@code lease-seconds}, 60 s; checked as often)
 */
record ExportSettings(
    Duration fileLifetime,
    Duration maxRun,
    Duration stalled,
    int partBytes,
    int maxRunning,
    int pageSize,
    Duration lease) {
  static final String PREFIX = "records.export.";

  static ExportSettings of(RecordsConfig config) {
    return new ExportSettings(
        config.seconds(PREFIX + "file-seconds", Duration.ofHours(1)),
        config.seconds(PREFIX + "max-run-seconds", Duration.ofHours(1)),
        config.seconds(PREFIX + "stalled-seconds", Duration.ofMinutes(10)),
        number(config, "part-bytes", 1 << 20, 1024, 8 << 20),
        number(config, "max-running-per-client", 2, 1, 100),
        number(config, "page-size", 100, 1, 1000),
        Duration.ofSeconds(number(config, "lease-seconds", 60, 1, 3600)));
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
