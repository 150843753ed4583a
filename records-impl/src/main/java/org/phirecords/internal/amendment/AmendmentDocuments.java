package org.phirecords.internal.amendment;

import java.util.Date;
import org.bson.Document;
import org.phirecords.error.InvalidInputException;
import org.phirecords.model.Amendment;
import org.phirecords.model.AmendmentId;
import org.phirecords.model.AmendmentStatus;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;

/** How an amendment request is stored in {@code amendments}, and the rules of its free text. */
final class AmendmentDocuments {
  private static final int TEXT_MAX = 2000;
  private static final String ID = "amendmentId";

  private AmendmentDocuments() {}

  static AmendmentId id(Document doc) {
    return new AmendmentId(doc.getString(ID));
  }

  static PatientId patientOf(Document doc) {
    return new PatientId(doc.getString("patientId"));
  }

  static String text(String field, String value) {
    if (value == null || value.isBlank() || value.length() > TEXT_MAX) {
      throw InvalidInputException.invalid(field, "must be 1 to " + TEXT_MAX + " characters");
    }
    return value.strip();
  }

  /** The API view of a stored request. */
  static Amendment toAmendment(Document d) {
    Number amended = d.get("amendedVersion", Number.class);
    Date decidedAt = d.getDate("decidedAt");
    return new Amendment(
        id(d),
        patientOf(d),
        new RecordId(d.getString("recordId")),
        AmendmentStatus.valueOf(d.getString("status")),
        d.getString("reason"),
        d.getDate("requestedAt").toInstant(),
        d.getDate("dueBy").toInstant(),
        d.getString("extensionReason"),
        d.getString("decidedBy"),
        decidedAt == null ? null : decidedAt.toInstant(),
        d.getString("denialReason"),
        amended == null ? null : amended.longValue(),
        d.getString("disagreement"));
  }
}
