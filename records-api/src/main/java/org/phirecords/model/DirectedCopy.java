package org.phirecords.model;

import java.time.Instant;

/**
 * A copy of a record the patient directs to a third party (HIPAA 164.524(c)(3)(ii)), awaiting the
 * patient's confirmation or sent (ADR 47). {@link #toString()} never prints the address.
 *
 * @param id the request; once sent, also the id of the disclosure it recorded
 * @param patient whose record
 * @param recipient the e-mail address the copy goes to
 * @param requestedAt when it was requested
 * @param confirmBy until when it can be confirmed
 * @param sentAt when it was sent, or null while it awaits confirmation
 * @param warning what the patient confirms: that the copy leaves the module unencrypted
 */
public record DirectedCopy(
    DisclosureId id,
    PatientId patient,
    String recipient,
    Instant requestedAt,
    Instant confirmBy,
    Instant sentAt,
    String warning) {
  /** The warning shown before the patient confirms. */
  public static final String WARNING =
      "The copy of your health record will be sent by e-mail as a PDF attachment to the address"
          + " you gave. E-mail may not be encrypted on its way, and once sent the recipient's"
          + " handling of it is no longer protected by this service. Confirm only if you trust the"
          + " address and accept these risks.";

  /** Whether it was sent. */
  public boolean sent() {
    return sentAt != null;
  }

  @Override
  public String toString() {
    return "DirectedCopy[id=" + id + ", sent=" + sent() + "]";
  }
}
