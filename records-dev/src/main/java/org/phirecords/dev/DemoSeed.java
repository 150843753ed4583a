package org.phirecords.dev;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;

/**
 * Seeds the demo tenant through the public API, exactly as a client would, so the data passes every
 * rule of the module. Idempotent: a second start finds the demo patients and adds nothing.
 */
final class DemoSeed {
  static final String TENANT = "demo-clinic";
  static final int PATIENTS = 5;

  private final LocalHttp http;

  DemoSeed(int port) {
    http =
        new LocalHttp(
            "http://localhost:" + port, HttpClient.Version.HTTP_2, Duration.ofSeconds(30));
  }

  /** Onboards the demo tenant and its synthetic patients; returns the patient ids. */
  List<String> seed(DevTokens tokens) throws IOException, InterruptedException {
    String admin = tokens.mint("demo-platform-admin", "platform-admin", null, null);
    expect(
        http.send(
            "POST",
            "/tenant-admin/api/tenants",
            admin,
            "{\"id\":\""
                + TENANT
                + "\",\"displayName\":\"Demo Clinic\",\"contact\":\"privacy@demo-clinic.example\","
                + "\"residency\":\"local\",\"firstAdmin\":\"demo-tenant-admin\"}"),
        201);
    String physician = tokens.mint("demo-physician", "physician", TENANT, null);
    Faker faker = new Faker(Locale.US, new Random(42));
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= PATIENTS; i++) {
      String mrn = String.format("DEMO-%04d", i);
      HttpResponse<String> found =
          http.send(
              "POST", "/records-web/api/patients/search", physician, "{\"mrn\":\"" + mrn + "\"}");
      if (found.statusCode() == 200) {
        ids.add(LocalHttp.id(found));
        continue;
      }
      expect(found, 404);
      LocalDate born =
          faker.timeAndDate().birthday(18, 90).atStartOfDay(ZoneOffset.UTC).toLocalDate();
      String patient =
          """
          {"mrn":"%s","givenName":"%s","familyName":"%s","birthDate":"%s","sex":"%s",
           "memberId":"MBR-%s","phone":"+1-555-01%02d","email":"demo%d@example.invalid",
           "address":{"line":"%d Demo Street","city":"Springfield","state":"IL",
                      "postalCode":"62704","country":"US"}}
          """
              .formatted(
                  mrn,
                  clean(faker.name().firstName()),
                  clean(faker.name().lastName()),
                  born,
                  i % 2 == 0 ? "male" : "female",
                  faker.number().digits(8),
                  i,
                  i,
                  100 + i);
      String id =
          LocalHttp.id(
              expect(http.send("POST", "/records-web/api/patients", physician, patient), 201));
      ids.add(id);
      String entries = "/records-web/api/patients/" + id + "/entries";
      expect(
          http.send(
              "POST",
              entries,
              physician,
              """
              {"type":"ENCOUNTER","effectiveDate":"2026-01-15","status":"finished",
               "codes":[{"system":"http://snomed.info/sct","code":"185349003",
                         "display":"Encounter for check up"}]}
              """),
          201);
      expect(
          http.send(
              "POST",
              entries,
              physician,
              """
              {"type":"CONDITION","effectiveDate":"2026-01-15","status":"active",
               "codes":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"I10",
                         "display":"Essential hypertension"}],
               "text":"Synthetic demo note: lifestyle advice given."}
              """),
          201);
    }
    // The demo patient user reaches the first record once linked, as any patient (ADR 17).
    String demoPatient = tokens.mint("demo-patient", "patient", TENANT, null);
    if (http.send("GET", "/records-web/api/portal/session", demoPatient, null).statusCode()
        != 200) {
      link(http, physician, demoPatient, ids.get(0));
    }
    return ids;
  }

  /**
   * Links the user of {@code patientToken} to {@code patientId}: {@code physician} invites, the
   * patient redeems the one-time code.
   */
  static void link(LocalHttp http, String physician, String patientToken, String patientId)
      throws IOException, InterruptedException {
    String code = invitation(http, physician, patientId);
    expect(
        http.send(
            "POST", "/records-web/api/portal/link", patientToken, "{\"code\":\"" + code + "\"}"),
        200);
  }

  /** A one-time invitation code for {@code patientId}, made by {@code physician}. */
  static String invitation(LocalHttp http, String physician, String patientId)
      throws IOException, InterruptedException {
    HttpResponse<String> invited =
        expect(
            http.send(
                "POST", "/records-web/api/patients/" + patientId + "/invitations", physician, null),
            201);
    return invited.body().replaceAll("(?s).*\"code\"\\s*:\\s*\"([^\"]+)\".*", "$1");
  }

  private static String clean(String name) {
    return name.replaceAll("[^A-Za-z' -]", "");
  }

  private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          "seeding failed: HTTP " + response.statusCode() + " " + response.body());
    }
    return response;
  }
}
