package org.phirecords.model;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * What a Safe Harbor de-identified dataset holds (ADR 44): the patients in the caller's reach with
 * entries dated within a range, of some entry types (all when empty), written as NDJSON or CSV.
 *
 * @param format {@code ndjson} or {@code csv}
 * @param from first effective date of an entry included
 * @param to last effective date of an entry included
 * @param entryTypes the entry types included; empty: all
 * @param relinkable whether the dataset's key is kept until it expires, for re-linking approved by
 *     a privacy officer; else destroyed after the last download
 */
public record DatasetRequest(
    String format, LocalDate from, LocalDate to, Set<EntryType> entryTypes, boolean relinkable) {
  /** A dataset whose key is destroyed after the last download. */
  public DatasetRequest(String format, LocalDate from, LocalDate to, Set<EntryType> entryTypes) {
    this(format, from, to, entryTypes, false);
  }

  /** Copies the types. */
  public DatasetRequest {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    entryTypes = Set.copyOf(entryTypes == null ? Set.of() : entryTypes);
  }
}
