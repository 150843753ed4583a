package org.phirecords.audit;

import java.time.Instant;

/**
 * An anomaly alert, fired as a CDI event (observe it to page someone). Holds no PHI: the user is an
 * opaque subject id.
 *
 * @param tenant the tenant concerned
 * @param subject the user whose behaviour raised it
 * @param kind what was detected
 * @param observed the value observed (count of patients or denials; 0 for the others)
 * @param threshold the tenant's threshold
 * @param at when
 */
public record AnomalyDetected(
    String tenant, String subject, Kind kind, long observed, long threshold, Instant at) {

  /** Kinds of anomalies. */
  public enum Kind {
    /** One user read more distinct patients within the window than the threshold. */
    MANY_PATIENTS,
    /** Access outside the tenant's working hours. */
    AFTER_HOURS,
    /** Repeated denials for one user within the window. */
    REPEATED_DENIALS,
    /** A request named a record that exists in another tenant. */
    CROSS_TENANT_ATTEMPT,
    /**
     * The scheduled integrity pass found records changed at rest outside the module (observed: how
     * many; the subject is the pass itself).
     */
    RECORDS_CHANGED_AT_REST
  }
}
