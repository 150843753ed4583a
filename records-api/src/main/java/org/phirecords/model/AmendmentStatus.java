package org.phirecords.model;

/** Where an amendment request stands (HIPAA 164.526). */
public enum AmendmentStatus {
  /** Waiting for a physician's decision. */
  REQUESTED,
  /** Accepted: the entry has a new version linked to the request. */
  ACCEPTED,
  /** Denied with a written reason; the patient may file a statement of disagreement. */
  DENIED
}
