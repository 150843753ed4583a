package org.phirecords.model;

/** Why someone acts for a patient as their personal representative (45 CFR 164.502(g); ADR 46). */
public enum ProxyRelationship {
  /** A parent of a minor: ends at the tenant's age of majority unless granted again. */
  PARENT,
  /** A legal guardian or someone holding a power of attorney; granted by staff only. */
  GUARDIAN,
  /** A caregiver an adult patient authorises; the patient may grant and revoke it themselves. */
  CAREGIVER
}
