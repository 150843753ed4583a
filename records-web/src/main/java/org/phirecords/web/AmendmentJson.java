package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import org.phirecords.model.Amendment;

/** JSON of amendment requests. */
final class AmendmentJson {
  private AmendmentJson() {}

  static JsonObject write(Amendment a) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("id", a.id().value())
            .add("patientId", a.patientId().value())
            .add("entryId", a.recordId().value())
            .add("status", a.status().name())
            .add("reason", a.reason())
            .add("requestedAt", a.requestedAt().toString())
            .add("dueBy", a.dueBy().toString())
            .add("overdue", a.overdue(Instant.now()));
    PatientJson.optional(b, "extensionReason", a.extensionReason());
    PatientJson.optional(b, "decidedBy", a.decidedBy());
    PatientJson.optional(b, "decidedAt", a.decidedAt() == null ? null : a.decidedAt().toString());
    PatientJson.optional(b, "denialReason", a.denialReason());
    PatientJson.optional(b, "disagreement", a.disagreement());
    if (a.amendedVersion() != null) {
      b.add("amendedVersion", a.amendedVersion());
    }
    return b.build();
  }
}
