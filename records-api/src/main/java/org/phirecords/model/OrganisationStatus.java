package org.phirecords.model;

/**
 * The lifecycle of an organisation. An organisation below a suspended or closed one counts as
 * suspended or closed too ({@link Organisation}); closing is final.
 */
public enum OrganisationStatus {
  ACTIVE,
  /** Kept, but grants at it and below it are to be refused (enforcement: a later slice). */
  SUSPENDED,
  /** Final: no new members, no renames, no moves; kept for the record. */
  CLOSED
}
