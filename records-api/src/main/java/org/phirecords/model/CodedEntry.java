package org.phirecords.model;

import java.time.LocalDate;
import java.util.List;

/** The coded part of a clinical entry, as billing may see it: no text, no values. */
public record CodedEntry(RecordId id, EntryType type, List<Code> codes, LocalDate effectiveDate) {
  /** Copies the code list. */
  public CodedEntry {
    codes = List.copyOf(codes);
  }
}
