package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.LocalDate;
import org.phirecords.model.Address;
import org.phirecords.model.Mrn;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.web.body.PatientInput;

/** The JSON form of patients. */
final class PatientJson {
  private PatientJson() {}

  /** The identity data of a validated body. */
  static PatientData data(PatientInput in) {
    org.phirecords.web.body.Address a = in.address();
    Address address =
        a == null ? null : new Address(a.line(), a.city(), a.state(), a.postalCode(), a.country());
    return new PatientData(
        new Mrn(in.mrn()),
        in.givenName(),
        in.familyName(),
        LocalDate.parse(in.birthDate()),
        in.sex() == null ? "unknown" : in.sex(),
        in.ssn(),
        in.memberId(),
        address,
        in.phone(),
        in.email());
  }

  static JsonObject write(Patient patient) {
    PatientData d = patient.data();
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("id", patient.id().value())
            .add("version", patient.version())
            .add("mrn", d.mrn().value())
            .add("givenName", d.givenName())
            .add("familyName", d.familyName())
            .add("birthDate", d.birthDate().toString());
    optional(b, "sex", d.sex());
    optional(b, "ssn", d.ssn());
    optional(b, "memberId", d.memberId());
    optional(b, "phone", d.phone());
    optional(b, "email", d.email());
    Address a = d.address();
    if (a != null) {
      JsonObjectBuilder ab = JSON.createObjectBuilder();
      optional(ab, "line", a.line());
      optional(ab, "city", a.city());
      optional(ab, "state", a.state());
      optional(ab, "postalCode", a.postalCode());
      optional(ab, "country", a.country());
      b.add("address", ab);
    }
    return b.add("updatedAt", patient.updatedAt().toString()).build();
  }

  static void optional(JsonObjectBuilder b, String name, String value) {
    if (value != null) {
      b.add(name, value);
    }
  }
}
