package org.phirecords.internal.analytics;

import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.model.TenantId;

/**
 * The {@code records.analytics.*} settings (ADR 43), per tenant where {@code
 * records.analytics.tenant.<id>.<key>} is set.
 *
 * @param minCell the smallest count shown ({@code min-cell-size}, 11; a tenant may raise it, never
 *     lower it below 11)
 * @param zip3 whether queries may group by ZIP3 ({@code zip3-allowed}, false)
 * @param maxYears the longest date range of a query ({@code max-range-years}, 10)
 */
record AnalyticsSettings(int minCell, boolean zip3, int maxYears) {
  static final String PREFIX = "records.analytics.";

  /** The smallest threshold any setting may give. */
  static final int FLOOR = 11;

  static AnalyticsSettings of(RecordsConfig config, TenantId tenant) {
    String own = PREFIX + "tenant." + tenant.value() + ".";
    int platform = number(config, PREFIX + "min-cell-size", FLOOR, FLOOR, 1000);
    // A tenant's own value only raises the threshold: a lower one is ignored.
    int tenantMin = number(config, own + "min-cell-size", platform, 1, 1000);
    return new AnalyticsSettings(
        Math.max(platform, tenantMin),
        config
            .value(own + "zip3-allowed")
            .or(() -> config.value(PREFIX + "zip3-allowed"))
            .map(v -> Boolean.parseBoolean(v.trim()))
            .orElse(false),
        number(config, PREFIX + "max-range-years", 10, 1, 10));
  }

  private static int number(RecordsConfig config, String key, int fallback, int min, int max) {
    int value = config.value(key).map(String::trim).map(Integer::parseInt).orElse(fallback);
    if (value < min || value > max) {
      throw new IllegalStateException(key + " must be " + min + " to " + max);
    }
    return value;
  }
}
