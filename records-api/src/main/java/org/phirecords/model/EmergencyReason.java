package org.phirecords.model;

/** The coded reason of a break-glass declaration (ADR 28); the justification says more. */
public enum EmergencyReason {
  /** The patient cannot consent or tell their history. */
  UNCONSCIOUS_PATIENT,
  /** Delay would put the patient's life at risk. */
  LIFE_THREATENING,
  /** Urgent care, and no one in the patient's care organisation can be reached. */
  URGENT_CARE_NO_CONTACT,
  /** Another emergency; the justification must say which. */
  OTHER
}
