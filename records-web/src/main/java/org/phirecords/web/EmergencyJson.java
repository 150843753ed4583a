package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.phirecords.model.EmergencyDeclaration;

/** The JSON form of a break-glass declaration (ADR 28; schema {@code EmergencyDeclaration}). */
final class EmergencyJson {
  private EmergencyJson() {}

  static JsonObject write(EmergencyDeclaration d) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("id", d.id().value())
            .add("patientId", d.patient().value())
            .add("declarer", d.declarer())
            .add("reason", d.reason().name())
            .add("justification", d.justification())
            .add("declaredAt", d.declaredAt().toString())
            .add("expiresAt", d.expiresAt().toString())
            .add("writes", d.writes())
            .add("review", d.review().name());
    d.reviewer().ifPresent(r -> b.add("reviewer", r));
    d.reviewedAt().ifPresent(r -> b.add("reviewedAt", r.toString()));
    d.note().ifPresent(n -> b.add("note", n));
    return b.build();
  }
}
