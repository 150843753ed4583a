package org.phirecords.internal.logging;

/**
 * The id of an unexpected error, given to the caller in the problem's detail and logged as a
 * parameter of the log record, so that {@link JsonLogFormatter} writes it as its own field.
 */
public record Incident(String id) {
  @Override
  public String toString() {
    return id;
  }
}
