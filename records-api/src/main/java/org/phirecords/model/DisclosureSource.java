package org.phirecords.model;

/** How a disclosure came to be recorded (ADR 47). */
public enum DisclosureSource {
  /** Recorded by staff through the API. */
  STAFF,
  /** A copy of the record sent to a third party on the patient's direction (164.524(c)(3)(ii)). */
  DIRECTED_COPY,
  /** A bulk export kicked off by a system client: a third party's system (ADR 38, 39). */
  BULK_EXPORT
}
