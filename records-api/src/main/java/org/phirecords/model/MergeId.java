package org.phirecords.model;

/** The opaque id of a merge of two registrations (ADR 36); names the merge to undo. */
public record MergeId(String value) {
  /** Checks the id's form. */
  public MergeId {
    Ids.requireMatch(value, Ids.OPAQUE, "mergeId");
  }

  /** A new random id. */
  public static MergeId random() {
    return new MergeId(Ids.random());
  }

  @Override
  public String toString() {
    return value;
  }
}
