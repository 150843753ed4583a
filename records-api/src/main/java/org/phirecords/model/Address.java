package org.phirecords.model;

/** A postal address (PHI). All parts optional except as the caller's policy requires. */
public record Address(String line, String city, String state, String postalCode, String country) {
  @Override
  public String toString() {
    return "Address[***]";
  }
}
