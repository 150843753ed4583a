package org.phirecords.internal.audit.alerts;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Function;
import org.phirecords.audit.AuditEvent;
import org.phirecords.internal.tenant.TenantRegistration;
import org.phirecords.security.Role;

/**
 * Alert thresholds of a tenant: module defaults from {@code records.alerts.*}, overridden by the
 * tenant's own settings (from its registry entry).
 *
 * @param window the sliding window for counting
 * @param distinctPatients more distinct patients read by one user in the window raise an alert
 * @param denials more denials of one user in the window raise an alert
 * @param workStart start of working hours, or null when after-hours alerts are off
 * @param workEnd end of working hours
 * @param zone the tenant's time zone
 */
public record AlertThresholds(
    Duration window,
    long distinctPatients,
    long denials,
    LocalTime workStart,
    LocalTime workEnd,
    ZoneId zone) {

  /** Defaults from {@code config}, overridden by the tenant's own settings {@code t}. */
  public static AlertThresholds of(
      Function<String, Optional<String>> config, TenantRegistration.Alerts t) {
    Duration window =
        Duration.ofMinutes(
            number(t.windowMinutes(), config.apply("records.alerts.window-minutes"), 10));
    long patients =
        number(t.distinctPatients(), config.apply("records.alerts.distinct-patients"), 50);
    long denials = number(t.denials(), config.apply("records.alerts.denials"), 5);
    // A tenant that set its working hours to none means none, whatever the module default.
    String hours =
        t.workingHours().orElseGet(() -> config.apply("records.alerts.working-hours")).orElse(null);
    ZoneId zone = ZoneId.of(t.zone().or(() -> config.apply("records.alerts.zone")).orElse("UTC"));
    LocalTime start = null;
    LocalTime end = null;
    if (hours != null && hours.contains("-")) {
      start = LocalTime.parse(hours.substring(0, hours.indexOf('-')).trim());
      end = LocalTime.parse(hours.substring(hours.indexOf('-') + 1).trim());
    }
    return new AlertThresholds(window, patients, denials, start, end, zone);
  }

  private static long number(Optional<Long> own, Optional<String> config, long fallback) {
    return own.orElseGet(() -> config.map(Long::parseLong).orElse(fallback));
  }

  /**
   * Whether the actor of {@code e} is judged by how many patients they read and when: people, not
   * system clients (ADR 42). A client reads many patients at any hour by design (a nightly sync, a
   * bulk export of its whole reach), so no threshold would both stay quiet on its work and mean
   * something; its scopes and organisations bound it instead, and its denials and requests naming
   * another tenant's records still raise alerts.
   */
  static boolean judgedByVolumeAndHours(AuditEvent e) {
    return !e.roles().contains(Role.SYSTEM);
  }

  /** Whether {@code time} (in the tenant's zone) is outside working hours, if any are set. */
  boolean afterHours(java.time.Instant time) {
    if (workStart == null) {
      return false;
    }
    LocalTime local = time.atZone(zone).toLocalTime();
    return workStart.isBefore(workEnd)
        ? local.isBefore(workStart) || !local.isBefore(workEnd)
        : local.isBefore(workStart) && !local.isBefore(workEnd);
  }
}
