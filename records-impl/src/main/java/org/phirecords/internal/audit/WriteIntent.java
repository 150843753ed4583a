package org.phirecords.internal.audit;

import org.phirecords.security.Caller;
import org.phirecords.security.Permission;

/** A write announced in the audit trail, waiting for its outcome. */
public record WriteIntent(
    String id,
    Caller caller,
    Permission permission,
    String resourceId,
    String patientId,
    String operation) {}
