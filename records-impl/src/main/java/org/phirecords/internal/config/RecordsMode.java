package org.phirecords.internal.config;

/** Production is the default; development must be asked for explicitly. */
public enum RecordsMode {
  PRODUCTION,
  DEVELOPMENT
}
