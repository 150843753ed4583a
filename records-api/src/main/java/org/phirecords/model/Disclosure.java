package org.phirecords.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One disclosure of a patient's PHI outside treatment, payment and health care operations, as the
 * accounting of disclosures lists it (HIPAA 164.528(b)(2)). {@link #toString()} never prints the
 * recipient, the description or the purpose.
 *
 * @param id the disclosure
 * @param patient whose PHI was disclosed
 * @param disclosedAt when
 * @param recipient who received it (a name, and an address where known)
 * @param description what was disclosed
 * @param purpose the purpose or legal basis, or a copy of the request
 * @param source how it was recorded
 * @param recordedBy the subject who recorded it (for a directed copy, the patient user)
 */
public record Disclosure(
    DisclosureId id,
    PatientId patient,
    Instant disclosedAt,
    String recipient,
    String description,
    String purpose,
    DisclosureSource source,
    String recordedBy) {
  /** Checks required fields. */
  public Disclosure {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(disclosedAt, "disclosedAt");
    Objects.requireNonNull(source, "source");
  }

  @Override
  public String toString() {
    return "Disclosure[id=" + id + ", source=" + source + "]";
  }
}
