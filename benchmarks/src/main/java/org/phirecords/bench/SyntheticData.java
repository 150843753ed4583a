package org.phirecords.bench;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;

/** Synthetic patients and clinical entries (Datafaker); nothing here describes a real person. */
final class SyntheticData {
  private final Faker faker;

  SyntheticData(long seed) {
    faker = new Faker(Locale.US, new Random(seed));
  }

  String patient(String mrn) {
    LocalDate birth = faker.timeAndDate().birthday(1, 99);
    return """
        {"mrn":"%s","givenName":"%s","familyName":"%s","birthDate":"%s","sex":"female",
         "ssn":"900-%s-%s","memberId":"M-%s","phone":"+1-555-0100","email":"%s@example.invalid",
         "address":{"line":"%s","city":"%s","state":"IL","postalCode":"62704","country":"US"}}
        """
        .formatted(
            mrn,
            clean(faker.name().firstName()),
            clean(faker.name().lastName()),
            birth,
            faker.number().digits(2),
            faker.number().digits(4),
            faker.number().digits(9),
            clean(faker.name().firstName()).toLowerCase(Locale.ROOT),
            clean(faker.address().streetAddress()),
            clean(faker.address().city()));
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
