package org.phirecords.model;

import java.util.List;
import java.util.Objects;

/**
 * What a batch registration ({@code PatientDirectory.createAll}) did with each entry, in the order
 * given: created (with the new patient's id), or already present (a patient with that MRN exists in
 * the tenant; nothing changed, so re-sending a batch is harmless). Ids only, never PHI.
 *
 * @param entries one per entry of the batch, by position
 */
public record PatientBatch(List<Entry> entries) {
  /** Most entries one batch may hold. */
  public static final int MAX_ENTRIES = 1000;

  /** How one entry ended. */
  public enum Outcome {
    /** Stored as a new patient. */
    CREATED,
    /** A patient with this MRN already exists in the tenant: nothing stored. */
    ALREADY_PRESENT
  }

  /**
   * One entry's outcome.
   *
   * @param index its position in the batch
   * @param outcome how it ended
   * @param id the new patient's id if {@code CREATED}, else {@code null}
   */
  public record Entry(int index, Outcome outcome, PatientId id) {
    /** Checks that exactly created entries carry an id. */
    public Entry {
      Objects.requireNonNull(outcome, "outcome");
      if ((outcome == Outcome.CREATED) != (id != null)) {
        throw new IllegalArgumentException("an id exactly for created entries");
      }
    }
  }

  /** Copies the entries. */
  public PatientBatch {
    entries = List.copyOf(entries);
  }

  /** The ids of the patients created, in batch order. */
  public List<PatientId> created() {
    return entries.stream().filter(e -> e.id() != null).map(Entry::id).toList();
  }

  /** How many entries were already present. */
  public long alreadyPresent() {
    return entries.stream().filter(e -> e.outcome() == Outcome.ALREADY_PRESENT).count();
  }
}
