package org.phirecords.bench;

import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;
import org.phirecords.model.Address;
import org.phirecords.model.Mrn;
import org.phirecords.model.PatientData;

/** Synthetic patients and clinical entries (Datafaker); nothing here describes a real person. */
final class SyntheticData {
  private final Faker faker;

  SyntheticData(long seed) {
    faker = new Faker(Locale.US, new Random(seed));
  }

  /** A synthetic patient with medical record number {@code mrn}. */
  PatientData patientData(String mrn) {
    String given = clean(faker.name().firstName());
    return new PatientData(
        new Mrn(mrn),
        given,
        clean(faker.name().lastName()),
        faker.timeAndDate().birthday(1, 99),
        "female",
        "900-" + faker.number().digits(2) + "-" + faker.number().digits(4),
        "M-" + faker.number().digits(9),
        new Address(
            clean(faker.address().streetAddress()),
            clean(faker.address().city()),
            "IL",
            "62704",
            "US"),
        "+1-555-0100",
        given.toLowerCase(Locale.ROOT) + "@example.invalid");
  }

  /** The same patient as the API's JSON. */
  String patient(String mrn) {
    PatientData p = patientData(mrn);
    Address a = p.address();
    return """
        {"mrn":"%s","givenName":"%s","familyName":"%s","birthDate":"%s","sex":"%s",
         "ssn":"%s","memberId":"%s","phone":"%s","email":"%s",
         "address":{"line":"%s","city":"%s","state":"%s","postalCode":"%s","country":"%s"}}
        """
        .formatted(
            p.mrn().value(),
            p.givenName(),
            p.familyName(),
            p.birthDate(),
            p.sex(),
            p.ssn(),
            p.memberId(),
            p.phone(),
            p.email(),
            a.line(),
            a.city(),
            a.state(),
            a.postalCode(),
            a.country());
  }

  /** Entry {@code e} of a patient: encounters, conditions and observations in turn. */
  String entry(int e) {
    return switch (e % 3) {
      case 0 -> encounter();
      case 1 -> condition();
      default -> observation();
    };
  }

  String encounter() {
    return """
        {"type":"ENCOUNTER","effectiveDate":"2025-%02d-%02d","status":"finished",
         "codes":[{"system":"http://snomed.info/sct","code":"185349003","display":"Encounter"}],
         "text":"Routine follow-up."}
        """
        .formatted(1 + faker.random().nextInt(12), 1 + faker.random().nextInt(28));
  }

  String condition() {
    return """
        {"type":"CONDITION","effectiveDate":"2025-%02d-%02d","status":"active",
         "codes":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"E11.9","display":"Type 2 diabetes"}]}
        """
        .formatted(1 + faker.random().nextInt(12), 1 + faker.random().nextInt(28));
  }

  String observation() {
    return """
        {"type":"OBSERVATION","effectiveDate":"2025-%02d-%02d","status":"final",
         "codes":[{"system":"http://loinc.org","code":"4548-4","display":"HbA1c"}],
         "value":{"value":%d.%d,"unit":"%%"}}
        """
        .formatted(
            1 + faker.random().nextInt(12),
            1 + faker.random().nextInt(28),
            5 + faker.random().nextInt(4),
            faker.random().nextInt(10));
  }

  private static String clean(String value) {
    return value.replaceAll("[^A-Za-z0-9 .'-]", "");
  }
}
