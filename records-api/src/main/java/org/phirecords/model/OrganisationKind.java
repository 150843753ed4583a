package org.phirecords.model;

/** What an organisation of a tenant's tree is; it says nothing about what it may do. */
public enum OrganisationKind {
  /** An insurer's client. */
  CLIENT,
  /** An employer group, usually under a client. */
  EMPLOYER_GROUP,
  /** A health system's facility. */
  FACILITY,
  /** A practice. */
  PRACTICE,
  /** A department of a facility or practice. */
  DEPARTMENT
}
