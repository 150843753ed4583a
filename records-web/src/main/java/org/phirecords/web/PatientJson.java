package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.LocalDate;
import java.util.Set;
import java.util.regex.Pattern;
import org.phirecords.internal.web.JsonInput;
import org.phirecords.model.Address;
import org.phirecords.model.Mrn;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;

/** The JSON form of patients. */
final class PatientJson {
  static final Set<String> FIELDS =
      Set.of(
          "mrn",
          "givenName",
          "familyName",
          "birthDate",
          "sex",
          "ssn",
          "memberId",
          "address",
          "phone",
          "email");
  private static final Set<String> ADDRESS =
      Set.of("line", "city", "state", "postalCode", "country");
  private static final Pattern SEX = Pattern.compile("female|male|other|unknown");
  private static final Pattern SSN = Pattern.compile("[0-9]{3}-[0-9]{2}-[0-9]{4}");
  private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9-]{1,40}");
  private static final Pattern PHONE = Pattern.compile("[+0-9 ()-]{3,30}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}");
  private static final Pattern MRN = Pattern.compile("[A-Za-z0-9-]{1,32}");

  private PatientJson() {}

  static PatientData read(JsonInput in) {
    Address address =
        in.object("address", ADDRESS)
            .map(
                a ->
                    new Address(
                        a.string("line", 200).orElse(null),
                        a.string("city", 100).orElse(null),
                        a.string("state", 100).orElse(null),
                        a.string("postalCode", 20).orElse(null),
                        a.string("country", 2).orElse(null)))
            .orElse(null);
    return new PatientData(
        new Mrn(
            in.matching("mrn", MRN, "1 to 32 letters, digits or dashes")
                .orElseThrow(() -> org.phirecords.error.InvalidInputException.missing("/mrn"))),
        in.requiredString("givenName", 100),
        in.requiredString("familyName", 100),
        in.requiredDate("birthDate", LocalDate.of(1900, 1, 1), LocalDate.now()),
        in.matching("sex", SEX, "female, male, other or unknown").orElse("unknown"),
        in.matching("ssn", SSN, "NNN-NN-NNNN").orElse(null),
        in.matching("memberId", MEMBER, "1 to 40 letters, digits or dashes").orElse(null),
        address,
        in.matching("phone", PHONE, "a phone number").orElse(null),
        in.matching("email", EMAIL, "an e-mail address").orElse(null));
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
