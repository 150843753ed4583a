package org.phirecords.model;

/**
 * Opaque random identifier of a clinical entry; all versions of an entry share it. 22 URL-safe
 * characters (128 random bits); safe in URLs, logs and audit events because it carries no
 * information about the person.
 */
public record RecordId(String value) {
  /** Validates the form; throws {@link org.phirecords.error.InvalidInputException} otherwise. */
  public RecordId {
    Ids.requireMatch(value, Ids.OPAQUE, "recordId");
  }

  /** A new random identifier. */
  public static RecordId random() {
    return new RecordId(Ids.random());
  }

  @Override
  public String toString() {
    return value;
  }
}
