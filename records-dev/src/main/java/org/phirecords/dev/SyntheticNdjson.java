package org.phirecords.dev;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import net.datafaker.Faker;

/**
 * Synthetic people as FHIR R4 NDJSON files for the bulk import (ADR 40), made with Datafaker from a
 * seed: patient {@code i} has the id {@code src-<i>}, the MRN {@code MRN-<10000000 + i>} of the
 * tenant's MRN system, and {@link #ENTRIES_PER_PATIENT} entries that name it {@code
 * Patient/src-<i>}: two Conditions, two Observations (a quantity, a text) and a Procedure, each
 * with a source identifier. One file per type: Patient, Condition, Observation, Procedure. Used by
 * the bulk import crash test and the import benchmark; no real person's data.
 */
public final class SyntheticNdjson {
  /** Entries each patient has. */
  public static final int ENTRIES_PER_PATIENT = 5;

  /** The system of the entries' source identifiers. */
  public static final String SOURCE = "https://ehr.example.invalid/fhir/sid/resource";

  private static final LocalDate FIRST_BIRTH = LocalDate.of(1940, 1, 1);
  private static final LocalDate FIRST_VISIT = LocalDate.of(2020, 1, 1);

  private SyntheticNdjson() {}

  /** The MRN of patient {@code i}. */
  public static String mrn(int i) {
    return "MRN-" + (10_000_000 + i);
  }

  /** The lines of each file by resource type, Patient first, for {@code patients} people. */
  public static Map<String, List<String>> generate(String tenant, int patients, long seed) {
    Random random = new Random(seed);
    Faker faker = new Faker(Locale.US, random);
    Map<String, List<String>> files = new LinkedHashMap<>();
    for (String type : List.of("Patient", "Condition", "Observation", "Procedure")) {
      files.put(type, new ArrayList<>(type.equals("Patient") ? patients : 2 * patients));
    }
    for (int i = 0; i < patients; i++) {
      String subject = "Patient/src-" + i;
      files
          .get("Patient")
          .add(
              Json.createObjectBuilder()
                  .add("resourceType", "Patient")
                  .add("id", "src-" + i)
                  .add(
                      "identifier",
                      Json.createArrayBuilder()
                          .add(identifier("https://phirecords.org/fhir/sid/mrn/" + tenant, mrn(i))))
                  .add(
                      "name",
                      Json.createArrayBuilder()
                          .add(
                              Json.createObjectBuilder()
                                  .add("family", faker.name().lastName())
                                  .add(
                                      "given",
                                      Json.createArrayBuilder().add(faker.name().firstName()))))
                  .add("gender", random.nextBoolean() ? "female" : "male")
                  .add("birthDate", FIRST_BIRTH.plusDays(random.nextInt(60 * 365)).toString())
                  .build()
                  .toString());
      String day = FIRST_VISIT.plusDays(random.nextInt(5 * 365)).toString();
      List<String> conditions = files.get("Condition");
      conditions.add(
          condition(subject, mrn(i) + "/c1", "44054006", "Diabetes", day, faker)
              .add(
                  "clinicalStatus",
                  concept(
                      "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null))
              .build()
              .toString());
      conditions.add(
          condition(subject, mrn(i) + "/c2", "38341003", "Hypertension", day, faker)
              .build()
              .toString());
      BigDecimal hba1c = BigDecimal.valueOf(50 + random.nextInt(40)).movePointLeft(1);
      List<String> observations = files.get("Observation");
      observations.add(
          entry("Observation", subject, mrn(i) + "/o1")
              .add("status", "final")
              .add("code", concept("http://loinc.org", "4548-4", "HbA1c"))
              .add("effectiveDateTime", day)
              .add(
                  "valueQuantity",
                  Json.createObjectBuilder()
                      .add("value", hba1c)
                      .add("unit", "%")
                      .add("system", "http://unitsofmeasure.org")
                      .add("code", "%"))
              .build()
              .toString());
      observations.add(
          entry("Observation", subject, mrn(i) + "/o2")
              .add("status", "final")
              .add("code", concept("http://loinc.org", "72166-2", "Tobacco smoking status"))
              .add("effectiveDateTime", day)
              .add("valueString", faker.lorem().sentence())
              .build()
              .toString());
      files
          .get("Procedure")
          .add(
              entry("Procedure", subject, mrn(i) + "/p1")
                  .add("status", "completed")
                  .add("code", concept("http://snomed.info/sct", "43396009", "HbA1c measurement"))
                  .add("performedDateTime", day)
                  .build()
                  .toString());
    }
    return files;
  }

  /** Writes {@link #generate}'s files into {@code dir} as {@code <Type>.ndjson}; their paths. */
  public static List<Path> write(Path dir, String tenant, int patients, long seed)
      throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, List<String>> f : generate(tenant, patients, seed).entrySet()) {
      Path file = dir.resolve(f.getKey() + ".ndjson");
      Files.write(file, f.getValue(), StandardCharsets.UTF_8);
      written.add(file);
    }
    return written;
  }

  private static JsonObjectBuilder condition(
      String subject, String source, String code, String display, String day, Faker faker) {
    return entry("Condition", subject, source)
        .add("code", concept("http://snomed.info/sct", code, display))
        .add("onsetDateTime", day)
        .add(
            "note",
            Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("text", faker.lorem().sentence())));
  }

  private static JsonObjectBuilder entry(String type, String subject, String source) {
    return Json.createObjectBuilder()
        .add("resourceType", type)
        .add("identifier", Json.createArrayBuilder().add(identifier(SOURCE, source)))
        .add("subject", Json.createObjectBuilder().add("reference", subject));
  }

  private static JsonObject identifier(String system, String value) {
    return Json.createObjectBuilder().add("system", system).add("value", value).build();
  }

  private static JsonObject concept(String system, String code, String display) {
    JsonObjectBuilder coding = Json.createObjectBuilder().add("system", system).add("code", code);
    if (display != null) {
      coding.add("display", display);
    }
    JsonArrayBuilder codings = Json.createArrayBuilder().add(coding);
    return Json.createObjectBuilder().add("coding", codings).build();
  }
}
