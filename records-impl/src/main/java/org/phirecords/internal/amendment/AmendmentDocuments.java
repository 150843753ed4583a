package org.phirecords.internal.amendment;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.phirecords.error.InvalidInputException;
import org.phirecords.model.Amendment;
import org.phirecords.model.AmendmentId;
import org.phirecords.model.AmendmentStatus;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;

/** How an amendment request is stored in {@code amendments}, and the rules of its free text. */
final class AmendmentDocuments {
  private static final int TEXT_MAX = 2000;
  private static final String ID = "amendmentId";

  /** The free-text fields, each encrypted on its own (ADR 15). */
  static final List<String> FREE_TEXT =
      List.of("reason", "extensionReason", "denialReason", "disagreement");

  private AmendmentDocuments() {}

  /** A copy of {@code doc} with each free-text field present replaced by {@code change} of it. */
  static Document freeText(Document doc, Function<Object, Object> change) {
    Document copy = new Document(doc);
    for (String field : FREE_TEXT) {
      if (doc.get(field) != null) {
        copy.put(field, change.apply(doc.get(field)));
      }
    }
    return copy;
  }

  /**
   * A new request about {@code target} (filed under the registration the entry was recorded under,
   * ADR 42), with its sealed or plain {@code reason}, made {@code at}, due by {@code dueBy}.
   */
  static Document newRequest(
      AmendmentId id, ClinicalEntry target, String reason, Instant at, Instant dueBy) {
    return new Document(ID, id.value())
        .append("patientId", target.patientId().value())
        .append("recordId", target.id().value())
        .append("entryVersion", target.version())
        .append("status", AmendmentStatus.REQUESTED.name())
        .append("reason", reason)
        .append("requestedAt", Date.from(at))
        .append("dueBy", Date.from(dueBy))
        .append("version", 1L);
  }

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

  /** The API view of an opened request (free text in plaintext). */
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
