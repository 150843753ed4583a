package org.phirecords.model;

/** Kinds of clinical entries. Only {@link #NOTE} is free text by nature. */
public enum EntryType {
  ENCOUNTER,
  CONDITION,
  OBSERVATION,
  PROCEDURE,
  NOTE;

  /** Whether the minimum-necessary billing view may show coded data of this type. */
  public boolean billable() {
    return this != NOTE && this != OBSERVATION;
  }
}
