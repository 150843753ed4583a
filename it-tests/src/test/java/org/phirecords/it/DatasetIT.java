package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.File;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.datafaker.Faker;
import org.bson.Document;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.phirecords.it.support.Http;
import org.phirecords.it.support.Http.Reply;
import org.phirecords.it.support.Seed;
import org.phirecords.it.support.Stores;
import org.phirecords.it.support.Tokens;

/**
 * Safe Harbor de-identified datasets (ADR 44) on Payara Micro: canary values seeded into every
 * identifier kind are found nowhere in any downloaded file nor in an analytics answer; ages over 89
 * and restricted ZIP3 areas generalised; each file downloaded once; only the requester of the
 * tenant; expiry; the free text only where the tenant enabled the scrubber (it-tenant-ds, set in
 * it-tests/pom.xml) and scrubbed there.
 */
@ExtendWith({Stores.class, ArquillianExtension.class})
class DatasetIT {
  /** The tenant whose scrubber is on (RECORDS_ANALYTICS_TENANT_IT_TENANT_DS_FREE_TEXT_SCRUBBER). */
  static final String SCRUBBED = "it-tenant-ds";

  static final String PLAIN = "it-tenant-a";
  static final String OTHER = "it-tenant-b";
  private static final Faker FAKER = new Faker(Locale.US);

  @Deployment(testable = false)
  static WebArchive recordsWeb() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("it.wars"), "records-web.war"));
  }

  @ArquillianResource URL base;
  Http http;

  @BeforeEach
  void setUp() {
    http = new Http(base);
    Seed.tenant(SCRUBBED);
    Seed.tenant(PLAIN);
    Seed.tenant(OTHER);
  }

  /** One seeded person's identifiers: each must not appear in any output. */
  private record Canary(List<String> values, String given, String family) {}

  private static String unique() {
    return FAKER.letterify("??????").toLowerCase(Locale.ROOT);
  }

  /** Registers a person over 89 in a restricted ZIP3 area with two entries; their canaries. */
  private Canary seed(String physician) {
    String given = FAKER.name().firstName() + "q" + unique();
    String family = FAKER.name().lastName() + "x" + unique();
    String mrn = "MRN-" + FAKER.number().digits(8);
    String ssn = "900-" + FAKER.number().digits(2) + "-" + FAKER.number().digits(4);
    String member = "M-" + FAKER.number().digits(9);
    String street = FAKER.number().digits(3) + " " + FAKER.name().lastName() + unique() + " Road";
    String city = FAKER.address().cityName().replace("\"", "") + unique();
    String zip = "036" + FAKER.number().digits(2);
    String phone = "+1-603-555-" + FAKER.number().digits(4);
    String email = unique() + "." + unique() + "@example.invalid";
    String birth = "1931-07-" + (10 + FAKER.number().numberBetween(0, 18));
    String patient =
        """
        {"mrn":"%s","givenName":"%s","familyName":"%s","birthDate":"%s","sex":"female",
         "ssn":"%s","memberId":"%s","phone":"%s","email":"%s",
         "address":{"line":"%s","city":"%s","state":"NH","postalCode":"%s","country":"US"}}
        """
            .formatted(mrn, given, family, birth, ssn, member, phone, email, street, city, zip);
    Reply created = http.call("POST", "api/patients", physician).json(patient).send();
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().getString("id");
    String note =
        "%s %s (%s) seen 2025-03-17, call %s or %s, member %s."
            .formatted(given, family, mrn, phone.substring(3), email, member);
    for (String type : List.of("CONDITION", "OBSERVATION")) {
      String entry =
          """
          {"type":"%s","effectiveDate":"2025-03-17","status":"final",
           "codes":[{"system":"http://loinc.org","code":"4548-4","display":"HbA1c %s"}],
           "text":"%s"}
          """
              .formatted(type, family, note);
      Reply e = http.call("POST", "api/patients/" + id + "/entries", physician).json(entry).send();
      assertThat(e.status()).as(e.toString()).isEqualTo(201);
    }
    return new Canary(
        List.of(
            given,
            family,
            mrn,
            ssn,
            member,
            street,
            city,
            zip,
            phone,
            phone.substring(3),
            email,
            birth,
            "1931",
            "2025-03-17",
            "03-17",
            id),
        given,
        family);
  }

  private String create(String token, String format) {
    Reply r =
        http.call("POST", "api/analytics/datasets", token)
            .json(
                """
                {"format":"%s","from":"2025-01-01","to":"2025-12-31"}
                """
                    .formatted(format))
            .send();
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    assertThat(r.header("Location")).contains("/api/analytics/datasets/");
    return r.header("Location");
  }

  private JsonObject completed(String status, String token) {
    Instant until = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(until)) {
      Reply r = http.call("GET", status, token).send();
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      String state = r.json().getString("state");
      if (!"RUNNING".equals(state)) {
        assertThat(state).as(r.toString()).isEqualTo("COMPLETED");
        return r.json();
      }
      assertThat(r.json().getInt("progress")).isBetween(0, 99);
      pause();
    }
    throw new AssertionError("the dataset did not complete in 60 s");
  }

  /** Downloads every file of a completed dataset; the files' text. */
  private List<String> downloadAll(JsonObject done, String token) {
    List<String> files = new ArrayList<>();
    for (JsonObject f : done.getJsonArray("files").getValuesAs(JsonObject.class)) {
      Reply r = http.call("GET", f.getString("url"), token).send();
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      files.add(r.body());
    }
    assertThat(files).hasSize(2);
    return files;
  }

  private static void assertNoCanary(String text, List<Canary> seeded) {
    for (Canary c : seeded) {
      for (String value : c.values()) {
        assertThat(text).as("canary " + value).doesNotContainIgnoringCase(value);
      }
    }
  }

  @Test
  void noSeededIdentifierReachesAnyFileOrAnswerAndValuesAreGeneralised() {
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(SCRUBBED).sign();
    List<Canary> seeded = List.of(seed(physician), seed(physician));
    String subject = Tokens.subject("analyst");
    String analyst = Tokens.of(subject, "analyst").tenant(SCRUBBED).sign();
    String status = create(analyst, "ndjson");
    JsonObject done = completed(status, analyst);
    List<String> files = downloadAll(done, analyst);
    String all = String.join("\n", files);
    assertNoCanary(all, seeded);
    // Ages over 89 grouped, restricted ZIP3 as 000, dates to the year; notes scrubbed.
    assertThat(files.get(0).lines())
        .allSatisfy(l -> assertThat(l).contains("\"age\":\"90+\"").contains("\"birthYear\":null"))
        .anySatisfy(l -> assertThat(l).contains("\"zip3\":\"000\""));
    assertThat(files.get(1).lines())
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains("\"year\":2025"));
    assertThat(files.get(1)).contains("[NAME] [NAME] ([ID]) seen [DATE]");

    // Downloaded once: both files answer 410 now.
    for (JsonObject f : done.getJsonArray("files").getValuesAs(JsonObject.class)) {
      assertProblem(http.call("GET", f.getString("url"), analyst).send(), 410, "PHR-410-07");
    }

    // The analytics answers over the same people carry none of them either.
    Reply answer =
        http.call("POST", "api/analytics/queries", analyst)
            .json(
                """
                {"measure":"entries","dimensions":["ageBand","year"],"from":"2025-01-01",
                 "to":"2025-12-31","purposeOfUse":"HRESCH"}
                """)
            .send();
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    assertNoCanary(answer.body(), seeded);

    List<String> outcomes =
        Seed.auditOf(subject).stream()
            .map(d -> d.getString("operation") + ":" + d.getString("outcome"))
            .toList();
    assertThat(outcomes)
        .contains("Datasets.create:SUCCESS", "Datasets.run:SUCCESS", "Datasets.download:SUCCESS");
    assertNoCanary(Seed.auditOf(subject).toString(), seeded);
  }

  @Test
  void withoutTheScrubberNoFreeTextIsWrittenAndCsvHasItsHeader() {
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(PLAIN).sign();
    List<Canary> seeded = List.of(seed(physician));
    String analyst = Tokens.of(Tokens.subject("analyst"), "analyst").tenant(PLAIN).sign();
    JsonObject done = completed(create(analyst, "csv"), analyst);
    List<String> files = downloadAll(done, analyst);
    assertNoCanary(String.join("\n", files), seeded);
    assertThat(files.get(0).lines().findFirst())
        .contains("researchId,sex,age,birthYear,state,zip3");
    assertThat(files.get(1).lines().findFirst())
        .contains("researchId,type,year,codes,status,value,unit,text");
    assertThat(files.get(1).lines().skip(1))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).endsWith(","));
    assertThat(files.get(1)).doesNotContain("seen");
  }

  @Test
  void onlyTheRequesterOfTheTenantReachesADatasetUntilItExpires() {
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(PLAIN).sign();
    seed(physician);
    String analyst = Tokens.of(Tokens.subject("analyst"), "analyst").tenant(PLAIN).sign();
    String status = create(analyst, "ndjson");
    JsonObject done = completed(status, analyst);
    String file = done.getJsonArray("files").getJsonObject(0).getString("url");

    String colleague = Tokens.of(Tokens.subject("analyst"), "analyst").tenant(PLAIN).sign();
    String stranger = Tokens.of(Tokens.subject("analyst"), "analyst").tenant(OTHER).sign();
    for (String other : List.of(colleague, stranger)) {
      assertProblem(http.call("GET", status, other).send(), 404, "PHR-404-10");
      assertProblem(http.call("GET", file, other).send(), 404, "PHR-404-10");
      assertProblem(http.call("DELETE", status, other).send(), 404, "PHR-404-10");
    }
    assertThat(http.call("GET", status, physician).send().status()).isEqualTo(403);
    assertProblem(
        http.call("POST", "api/analytics/datasets", analyst)
            .json("{\"format\":\"xlsx\",\"from\":\"2025-01-01\",\"to\":\"2025-12-31\"}")
            .send(),
        400,
        "PHR-400-61");

    // Expired (its expiry moved into the past in the store): refused, before any download.
    Stores.data()
        .getDatabase("phi_clinical")
        .getCollection("export_jobs")
        .updateMany(
            new Document("tenantId", PLAIN).append("kind", "dataset"),
            new Document("$set", new Document("expiresAt", new java.util.Date(0))));
    assertProblem(http.call("GET", status, analyst).send(), 410, "PHR-410-07");
    assertProblem(http.call("GET", file, analyst).send(), 410, "PHR-410-07");
  }

  /**
   * Re-linking (ADR 44): the analyst asks for research ids of a relinkable dataset with a purpose;
   * the requester cannot approve it, even holding the privacy officer's role; a privacy officer
   * approves; only the requester receives the patient ids, once, and not after expiry; another
   * tenant finds nothing; audited without patient ids or the purpose.
   */
  @Test
  void aPrivacyOfficerApprovesReLinkingAndTheRequesterReceivesThePatientIdsOnce() {
    String tenant = "it-tenant-rl";
    Seed.tenant(tenant);
    String physician = Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant).sign();
    Canary seeded = seed(physician);
    String patientId = seeded.values().get(seeded.values().size() - 1);
    String subject = Tokens.subject("analyst");
    String analyst = Tokens.of(subject, "analyst").tenant(tenant).sign();
    Reply created =
        http.call("POST", "api/analytics/datasets", analyst)
            .json(
                """
                {"format":"ndjson","from":"2025-01-01","to":"2025-12-31","relinkable":true}
                """)
            .send();
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    JsonObject done = completed(created.header("Location"), analyst);
    List<String> researchIds =
        downloadAll(done, analyst)
            .get(0)
            .lines()
            .map(l -> jakarta.json.Json.createReader(new java.io.StringReader(l)).readObject())
            .map(o -> o.getString("researchId"))
            .limit(100)
            .toList();
    assertThat(researchIds).isNotEmpty();
    String purpose = "Recall after a synthetic lab finding " + unique();
    String body =
        jakarta.json.Json.createObjectBuilder()
            .add("datasetId", done.getString("id"))
            .add("researchIds", jakarta.json.Json.createArrayBuilder(researchIds))
            .add("purpose", purpose)
            .build()
            .toString();
    Reply asked = http.call("POST", "api/analytics/relinks", analyst).json(body).send();
    assertThat(asked.status()).as(asked.toString()).isEqualTo(201);
    String id = asked.json().getString("id");
    String decision = "api/analytics/relinks/" + id + "/decision";
    String release = "api/analytics/relinks/" + id + "/release";

    String self = Tokens.of(subject, "analyst", "privacy-officer").tenant(tenant).sign();
    assertProblem(
        http.call("POST", decision, self).json("{\"approve\":true}").send(), 403, "PHR-403-22");
    assertProblem(http.call("POST", release, analyst).send(), 409, "PHR-409-34");
    String stranger = Tokens.of(Tokens.subject("privacy"), "privacy-officer").tenant(OTHER).sign();
    assertProblem(
        http.call("POST", decision, stranger).json("{\"approve\":true}").send(), 404, "PHR-404-13");
    assertProblem(
        http.call("POST", "api/analytics/relinks", analyst)
            .json(body.replace(purpose, "short"))
            .send(),
        400,
        "PHR-400-65");

    String officerSubject = Tokens.subject("privacy");
    String officer = Tokens.of(officerSubject, "privacy-officer").tenant(tenant).sign();
    Reply pending = http.call("GET", "api/analytics/relinks", officer).send();
    assertThat(pending.status()).as(pending.toString()).isEqualTo(200);
    assertThat(pending.body()).contains(id).contains(purpose);
    Reply approved = http.call("POST", decision, officer).json("{\"approve\":true}").send();
    assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
    assertThat(approved.json().getString("state")).isEqualTo("APPROVED");

    String colleague = Tokens.of(Tokens.subject("analyst"), "analyst").tenant(tenant).sign();
    String otherTenant = Tokens.of(subject, "analyst").tenant(OTHER).sign();
    for (String other : List.of(colleague, otherTenant)) {
      assertProblem(http.call("POST", release, other).send(), 404, "PHR-404-13");
    }
    Reply released = http.call("POST", release, analyst).send();
    assertThat(released.status()).as(released.toString()).isEqualTo(200);
    assertThat(released.json().getJsonArray("links").getValuesAs(JsonObject.class))
        .extracting(l -> l.getString("patientId"))
        .contains(patientId);
    assertProblem(http.call("POST", release, analyst).send(), 409, "PHR-409-34");

    // A second approved request, past its expiry (moved into the past in the store): nothing.
    Reply again = http.call("POST", "api/analytics/relinks", analyst).json(body).send();
    assertThat(again.status()).as(again.toString()).isEqualTo(201);
    String second = again.json().getString("id");
    assertThat(
            http.call("POST", "api/analytics/relinks/" + second + "/decision", officer)
                .json("{\"approve\":true}")
                .send()
                .status())
        .isEqualTo(200);
    Stores.data()
        .getDatabase("phi_clinical")
        .getCollection("dataset_relinks")
        .updateOne(
            new Document("tenantId", tenant).append("relinkId", second),
            new Document("$set", new Document("expiresAt", new java.util.Date(0))));
    assertProblem(
        http.call("POST", "api/analytics/relinks/" + second + "/release", analyst).send(),
        409,
        "PHR-409-34");

    List<String> outcomes =
        Seed.auditOf(subject).stream()
            .map(d -> d.getString("operation") + ":" + d.getString("outcome"))
            .toList();
    assertThat(outcomes)
        .contains("DatasetRelinks.request:SUCCESS", "DatasetRelinks.release:SUCCESS")
        .contains("DatasetRelinks.decide:DENIED");
    assertThat(Seed.auditOf(officerSubject).stream().map(d -> d.getString("operation")))
        .contains("DatasetRelinks.decide");
    String trail = Seed.auditOf(subject).toString() + Seed.auditOf(officerSubject);
    assertThat(trail).doesNotContain(patientId).doesNotContain(purpose);
    researchIds.forEach(r -> assertThat(trail).doesNotContain(r));
  }

  private static void assertProblem(Reply r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.problemCode()).as(r.toString()).isEqualTo(code);
  }

  private static void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
