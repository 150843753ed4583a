package org.phirecords.notification;

import java.util.Objects;

/**
 * Something happened that the patient is told about by e-mail (ADR 47): fire it as a CDI event once
 * the change is stored. Ids and a kind only: the message says that something happened and links to
 * the portal, never what.
 *
 * @param tenant the tenant
 * @param patientId whose record (opaque id)
 * @param kind what happened
 */
public record PatientNotice(String tenant, String patientId, Kind kind) {
  /** Checks required fields. */
  public PatientNotice {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(kind, "kind");
  }

  /** What happened. */
  public enum Kind {
    /** An amendment request was accepted or denied. */
    AMENDMENT_DECIDED,
    /** A copy the patient asked for is ready or was sent. */
    COPY_READY,
    /** Someone was granted access as the patient's proxy. */
    PROXY_GRANTED,
    /** A proxy's access was revoked. */
    PROXY_REVOKED,
    /** The patient signed in from a device the identity provider had not seen before. */
    NEW_DEVICE_SIGN_IN
  }
}
