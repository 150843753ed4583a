package org.phirecords.web;

import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;

/** Path ids, validated before any lookup (a malformed id is a 400, not a 404). */
final class Ids {
  private Ids() {}

  static PatientId patient(String raw) {
    return new PatientId(raw);
  }

  static RecordId record(String raw) {
    return new RecordId(raw);
  }
}
