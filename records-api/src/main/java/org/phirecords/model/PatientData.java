package org.phirecords.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The identity (demographic) data of a patient: every field is a direct identifier and so PHI. Used
 * to create and update a patient. {@link #toString()} never prints values.
 *
 * @param mrn medical record number, unique within the tenant (required)
 * @param givenName given name (required)
 * @param familyName family name (required)
 * @param birthDate date of birth (required, not in the future)
 * @param sex administrative sex: {@code female}, {@code male}, {@code other}, {@code unknown}
 * @param ssn social security number, optional
 * @param memberId health plan member id, optional
 * @param address postal address, optional
 * @param phone phone number, optional
 * @param email e-mail address, optional
 */
public record PatientData(
    Mrn mrn,
    String givenName,
    String familyName,
    LocalDate birthDate,
    String sex,
    String ssn,
    String memberId,
    Address address,
    String phone,
    String email) {

  /** Checks presence of the required fields. Format checks happen where the data is parsed. */
  public PatientData {
    Objects.requireNonNull(mrn, "mrn");
    Objects.requireNonNull(givenName, "givenName");
    Objects.requireNonNull(familyName, "familyName");
    Objects.requireNonNull(birthDate, "birthDate");
  }

  @Override
  public String toString() {
    return "PatientData[***]";
  }
}
