package org.phirecords.internal.audit.trail;

import org.phirecords.security.Caller;
import org.phirecords.security.Permission;

/**
 * A write announced in the audit trail, waiting for its outcome. The written document carries the
 * intent id in {@link #STAMP}, so that reconciliation can tell exactly whether it took effect.
 */
public record WriteIntent(
    String id,
    Caller caller,
    Permission permission,
    String resourceId,
    String patientId,
    String operation) {
  /** The field of a written document naming the intent that wrote it last. */
  public static final String STAMP = "writtenByIntent";
}
