package org.phirecords.internal.store;

/**
 * The format version a stored record carries (ADR 52). A record without the field was written
 * before formats were versioned (version 0); a data migration brings it to {@link #CURRENT}. The
 * field is part of the record's content, so its keyed digest covers it (ADR 23).
 */
public final class SchemaVersion {
  /** The field holding a stored record's format version. */
  public static final String FIELD = "schemaVersion";

  /** The version this build writes. */
  public static final int CURRENT = 1;

  private SchemaVersion() {}
}
