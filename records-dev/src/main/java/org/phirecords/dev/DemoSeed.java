package org.phirecords.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.datafaker.Faker;

/**
 * Seeds the demo tenant through the public API, exactly as a client would, so the data passes every
 * rule of the module. Idempotent: a second start finds the demo patients and adds nothing.
 */
final class DemoSeed {
  static final String TENANT = "demo-clinic";
  static final int PATIENTS = 5;
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  DemoSeed(int port) {
    base = "http://localhost:" + port;
  }

  /** Onboards the demo tenant and its synthetic patients; returns the patient ids. */
  List<String> seed(DevTokens tokens) throws IOException, InterruptedException {
    String admin = tokens.mint("demo-platform-admin", "platform-admin", null, null);
    expect(
        send(
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
          send("POST", "/records-web/api/patients/search", physician, "{\"mrn\":\"" + mrn + "\"}");
      if (found.statusCode() == 200) {
        ids.add(id(found));
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
      String id = id(expect(send("POST", "/records-web/api/patients", physician, patient), 201));
      ids.add(id);
      String entries = "/records-web/api/patients/" + id + "/entries";
      expect(
          send(
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
          send(
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
    return ids;
  }

  private static String clean(String name) {
    return name.replaceAll("[^A-Za-z' -]", "");
  }

  private static String id(HttpResponse<String> response) {
    Matcher m = ID.matcher(response.body());
    if (!m.find()) {
      throw new IllegalStateException("no id in the response");
    }
    return m.group(1);
  }

  private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          "seeding failed: HTTP " + response.statusCode() + " " + response.body());
    }
    return response;
  }

  private HttpResponse<String> send(String method, String path, String token, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
