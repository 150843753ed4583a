package org.phirecords.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The content of a clinical entry. Clinical entries reference their patient only by {@link
 * PatientId}. {@link #toString()} never prints the text or value.
 *
 * @param type kind of entry
 * @param codes coded concepts (at least one, except for notes)
 * @param effectiveDate when the entry applies clinically
 * @param status a simple status such as {@code active}, {@code resolved}, {@code final}
 * @param value measured value (observations only), optional
 * @param text narrative or note text, optional; never part of the billing view
 * @param sensitivity the category that makes the entry sensitive, or null (ADR 26)
 */
public record ClinicalData(
    EntryType type,
    List<Code> codes,
    LocalDate effectiveDate,
    String status,
    Quantity value,
    String text,
    Sensitivity sensitivity) {

  /** Checks required fields and copies the code list. */
  public ClinicalData {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(effectiveDate, "effectiveDate");
    codes = List.copyOf(codes == null ? List.of() : codes);
  }

  /** Content that is not sensitive. */
  public ClinicalData(
      EntryType type,
      List<Code> codes,
      LocalDate effectiveDate,
      String status,
      Quantity value,
      String text) {
    this(type, codes, effectiveDate, status, value, text, null);
  }

  /** The same content marked {@code category} (null: not sensitive). */
  public ClinicalData withSensitivity(Sensitivity category) {
    return new ClinicalData(type, codes, effectiveDate, status, value, text, category);
  }

  @Override
  public String toString() {
    return "ClinicalData[type=" + type + ", codes=" + codes.size() + "]";
  }
}
