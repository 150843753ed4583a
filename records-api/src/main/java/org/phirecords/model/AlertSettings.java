package org.phirecords.model;

import org.phirecords.error.InvalidInputException;

/**
 * A tenant's anomaly alert settings. Bounds are enforced here, so no tenant admin can switch
 * alerting off by an absurd value.
 *
 * @param windowMinutes the counting window, 1 to 1440
 * @param distinctPatients distinct patients per user and window before an alert, 1 to 10000
 * @param denials denials per user and window before an alert, 1 to 1000
 * @param workingHours {@code HH:MM-HH:MM} for after-hours alerts, or null for none
 * @param zone the tenant's time zone id, for example {@code America/Chicago}
 */
public record AlertSettings(
    int windowMinutes, int distinctPatients, int denials, String workingHours, String zone) {
  /** Checks the bounds. */
  public AlertSettings {
    if (windowMinutes < 1 || windowMinutes > 1440) {
      throw InvalidInputException.invalid("/windowMinutes", "must be 1 to 1440");
    }
    if (distinctPatients < 1 || distinctPatients > 10_000) {
      throw InvalidInputException.invalid("/distinctPatients", "must be 1 to 10000");
    }
    if (denials < 1 || denials > 1000) {
      throw InvalidInputException.invalid("/denials", "must be 1 to 1000");
    }
    if (workingHours != null
        && !workingHours.matches("([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]")) {
      throw InvalidInputException.invalid("/workingHours", "must be HH:MM-HH:MM");
    }
    try {
      java.time.ZoneId.of(zone == null ? "UTC" : zone);
    } catch (java.time.DateTimeException e) {
      throw InvalidInputException.invalid("/zone", "must be a time zone id");
    }
    zone = zone == null ? "UTC" : zone;
  }
}
