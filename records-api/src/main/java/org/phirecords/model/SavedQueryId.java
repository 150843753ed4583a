package org.phirecords.model;

/** The opaque id of a saved analytics query (ADR 45). */
public record SavedQueryId(String value) {
  /** Checks the id's form. */
  public SavedQueryId {
    Ids.requireMatch(value, Ids.OPAQUE, "savedQueryId");
  }

  /** A new random id. */
  public static SavedQueryId random() {
    return new SavedQueryId(Ids.random());
  }

  @Override
  public String toString() {
    return value;
  }
}
