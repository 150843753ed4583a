package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.phirecords.it.support.AttackReport;
import org.phirecords.it.support.Http;
import org.phirecords.it.support.Http.Reply;
import org.phirecords.it.support.Links;
import org.phirecords.it.support.Seed;
import org.phirecords.it.support.Stores;
import org.phirecords.it.support.Tokens;

/**
 * The attack suite against records-web.war (one deployment): forged and unusable tokens, another
 * tenant replaying record ids, and hostile input in every parameter and body field of every
 * operation of the published OpenAPI document. Every case is counted; the table of what was tried
 * goes to {@code target/security-report.md} (and into SECURITY.md with {@code
 * -Dsecurity.report.update=true}), and any unexpected outcome fails the suite.
 */
@ExtendWith({Stores.class, ArquillianExtension.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttackIT {
  static final String A = "it-attack-a";
  static final String B = "it-attack-b";
  static final String SUSPENDED = "it-attack-suspended";

  /** System clients of tenant A (ADR 39): one allowed creating observations, one everything. */
  static final String FEED = "it-attack-feed";

  static final String ALL = "it-attack-all";

  /** {@code records.request.max-body-bytes}: the ITs keep the default. */
  static final int MAX_BODY_BYTES = 65_536;

  /** {@code records.import.max-bundle-bytes}, the FHIR import's own bound: the default. */
  static final int MAX_BUNDLE_BYTES = 8 << 20;

  static final AttackReport REPORT = new AttackReport();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** Records of tenant A (and of the suspended tenant), made once through the API. */
  static Fixture a;

  static Fixture suspended;
  static List<Op> operations;

  /** A patient of tenant B, the record B's patient tokens are linked to. */
  static String bPatient;

  /** Subjects this suite linked in the store itself (their links are not changes it looks for). */
  static final Set<String> LINKED_BY_TEST = ConcurrentHashMap.newKeySet();

  @Deployment(testable = false)
  static WebArchive recordsWeb() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("it.wars"), "records-web.war"));
  }

  @ArquillianResource URL base;
  Http http;

  /**
   * A patient with an entry, an amendment request on it, its MRN, a membership and a break-glass
   * declaration (ADR 28).
   */
  record Fixture(
      String tenant,
      String patient,
      String entry,
      String amendment,
      String mrn,
      String membership,
      String declaration,
      String careTeamMember,
      String export,
      String importJob) {}

  /** The organisation each fixture tenant holds, for memberships (ADR 25). */
  private static final String ORGANISATION = "attack-client";

  /**
   * An operation of the OpenAPI document: its parameters by location, and whether it has a body.
   */
  record Op(
      String method,
      String path,
      List<String> pathParams,
      List<String> query,
      List<String> headers,
      boolean body) {
    String name() {
      return method + " " + path;
    }

    /** The FHIR import (ADR 37): it refuses bad input with an OperationOutcome, not a problem. */
    boolean fhir() {
      return path.equals("/api/fhir");
    }
  }

  @BeforeEach
  void setUp() {
    http = new Http(base);
    if (a == null) {
      Seed.tenant(A);
      Seed.tenant(B);
      Seed.tenant(SUSPENDED);
      Seed.systemClients(
          A,
          Seed.systemClient(FEED, "svc-" + FEED, "system/Observation.c"),
          Seed.systemClient(ALL, "svc-" + ALL, "system/*.cruds"));
      a = fixture(A);
      suspended = fixture(SUSPENDED);
      bPatient = fixture(B).patient();
      Stores.data()
          .getDatabase("phi_tenants")
          .getCollection("tenants")
          .updateOne(
              new org.bson.Document("_id", SUSPENDED),
              new org.bson.Document("$set", new org.bson.Document("status", "SUSPENDED")));
      // As another instance would suspend it: this one sees it within the lease (ADR 31, 1 s).
      try {
        Thread.sleep(1_500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      operations = operations(openApi());
    }
  }

  @AfterAll
  static void writeReport() {
    Path document =
        Boolean.getBoolean("security.report.update")
            ? Path.of(System.getProperty("it.security.document"))
            : null;
    REPORT.write(Path.of(System.getProperty("it.security.report")), document);
  }

  // ---------------------------------------------------------------------------------------------
  // Tokens

  @Test
  @Order(1)
  void unusableTokensAreRefusedWithoutRevealingWhetherARecordExists() {
    int failuresBefore = REPORT.failures().size();
    byte[] pem = Tokens.trustedPublicKeyPem();
    byte[] der =
        Base64.getMimeDecoder()
            .decode(new String(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", ""));
    Instant now = Instant.now();
    String tokens = "Tokens";
    Map<String, String> forged = new LinkedHashMap<>();
    forged.put("`alg: none` (unsigned)", physician(A).unsecured());
    forged.put(
        "HS256, HMAC secret = the trusted RSA public key (PEM file)", physician(A).hmac(pem));
    forged.put(
        "HS256, HMAC secret = the trusted RSA public key (DER bytes)", physician(A).hmac(der));
    forged.put(
        "expired 2 h ago",
        physician(A).issued(now.minus(Duration.ofHours(2)), Duration.ofMinutes(5)).sign());
    forged.put(
        "expired 90 s ago (clock skew 60 s)",
        physician(A).issued(now.minus(Duration.ofMinutes(5)), Duration.ofSeconds(210)).sign());
    forged.put(
        "not yet valid: nbf in 1 h", physician(A).notBefore(now.plus(Duration.ofHours(1))).sign());
    forged.put(
        "not yet valid: nbf in 120 s (clock skew 60 s)",
        physician(A).notBefore(now.plus(Duration.ofSeconds(120))).sign());
    forged.put("wrong issuer", physician(A).issuer("https://evil.example").sign());
    forged.put("signed by a key nobody trusts", physician(A).untrustedKey().sign());
    forged.put(
        "payload altered after signing: groups billing → physician",
        alter(
            Tokens.of(Tokens.subject("billing"), "billing").tenant(A).sign(),
            "\"groups\":[\"billing\"]",
            "\"groups\":[\"physician\"]"));
    forged.put(
        "payload altered after signing: tenant B → A",
        alter(physician(B).sign(), "\"tenant\":\"" + B + "\"", "\"tenant\":\"" + A + "\""));
    forged.put("not a JWT", "not.a.token");
    forged.put(
        "subject reserved for the module: `system:audit`",
        Tokens.of("system:audit", "physician").tenant(A).sign());
    forged.put(
        "subject reserved for the module: `anonymous`",
        Tokens.of("anonymous", "physician").tenant(A).sign());
    forged.put(
        "subject with a control character",
        Tokens.of("dr\u0000jones", "physician").tenant(A).sign());
    forged.put(
        "lifetime 24 h (staff at most 1 h)",
        physician(A).issued(now.minus(Duration.ofMinutes(1)), Duration.ofHours(24)).sign());
    // Role bounds hold for the platform's own issuer too (before, patient + physician read any
    // patient's identity and tenant-admin + physician read PHI).
    forged.put(
        "platform issuer, roles out of bounds: patient + physician",
        Tokens.of(Tokens.subject("patient"), "patient", "physician")
            .tenant(A)
            .patient(a.patient())
            .sign());
    forged.put(
        "platform issuer, roles out of bounds: tenant-admin + physician",
        Tokens.of(Tokens.subject("tenant-admin"), "tenant-admin", "physician").tenant(A).sign());
    forged.put(
        "platform issuer, roles out of bounds: billing + physician",
        Tokens.of(Tokens.subject("billing"), "billing", "physician").tenant(A).sign());
    for (Map.Entry<String, String> c : forged.entrySet()) {
      probe(REPORT.row(tokens, c.getKey(), "401 PHR-401-01"), c.getValue(), a, 401, "PHR-401-01");
    }
    probe(
        REPORT.row(tokens, "no tenant claim", "401 PHR-401-02"),
        Tokens.of(Tokens.subject("physician"), "physician").sign(),
        a,
        401,
        "PHR-401-02");
    probe(
        REPORT.row(tokens, "unknown tenant", "403 PHR-403-02"),
        physician("it-attack-no-such-tenant").sign(),
        a,
        403,
        "PHR-403-02");
    probe(
        REPORT.row(tokens, "suspended tenant (its own records)", "403 PHR-403-03"),
        physician(SUSPENDED).sign(),
        suspended,
        403,
        "PHR-403-03");
    assertNoNewFailures(failuresBefore);
  }

  @Test
  @Order(2)
  void aTokenForAnotherAudienceIsWhatTheModuleSupports() {
    // The audience is checked only where mp.jwt.verify.audiences names one (TokenAuthenticatorTest
    // proves the refusal); the ITs configure none, so this records what a token for another
    // audience gets here, without an expectation to meet.
    AttackReport.Row row =
        REPORT.row(
            "Tokens",
            "wrong audience (`aud` of another service), no audience configured here: observed only",
            "n/a: checked only when mp.jwt.verify.audiences is set (unit-tested)");
    Reply r =
        http.get(
                "api/patients/" + a.patient(),
                physician(A).audience("https://another-service.example").sign())
            .send();
    row.count(answer(r), null);
  }

  @Test
  @Order(2)
  void systemClientsGetTheirAllowedScopesAtMostAndNeverThePortal() {
    int failuresBefore = REPORT.failures().size();
    String clients = "System clients";
    probe(
        REPORT.row(
            clients,
            "client's token altered after signing: scope `system/Observation.c` → `system/*.cruds`",
            "401 PHR-401-01"),
        alter(client(FEED, "system/Observation.c"), "Observation.c", "*.cruds"),
        a,
        401,
        "PHR-401-01");
    probe(
        REPORT.row(
            clients,
            "user token (physician, no client) claiming `system/*.cruds`",
            "401 PHR-401-03"),
        physician(A).claim("scope", "system/*.cruds").sign(),
        a,
        401,
        "PHR-401-03");
    probe(
        REPORT.row(
            clients,
            "user token through a registered client (another subject) claiming `system/*.cruds`",
            "401 PHR-401-03"),
        physician(A).claim("client_id", ALL).claim("scope", "system/*.cruds").sign(),
        a,
        401,
        "PHR-401-03");
    probe(
        REPORT.row(
            clients,
            "registered client asking `system/*.cruds`, allowed `system/Observation.c` only",
            "403 PHR-403-17"),
        client(FEED, "system/*.cruds"),
        a,
        403,
        "PHR-403-17");
    probe(
        REPORT.row(
            clients,
            "tenant A's client naming tenant B, which never registered it",
            "401 PHR-401-03"),
        Tokens.of("svc-" + ALL)
            .tenant(B)
            .claim("client_id", ALL)
            .claim("scope", "system/*.cruds")
            .sign(),
        a,
        401,
        "PHR-401-03");
    probe(
        REPORT.row(
            clients,
            "platform issuer, group `system` (the role only registered clients hold)",
            "401 PHR-401-01"),
        Tokens.of(Tokens.subject("robot"), "system").tenant(A).sign(),
        a,
        401,
        "PHR-401-01");
    AttackReport.Row portal =
        REPORT.row(
            clients,
            "client allowed `system/*.cruds` at the portal (session, link) and a patient's access"
                + " history",
            "403 PHR-403-17");
    String all = client(ALL, "system/*.cruds");
    for (Reply r :
        List.of(
            http.get("api/portal/session", all).send(),
            http.call("POST", "api/portal/link", all)
                .json("{\"code\":\"ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567\"}")
                .send(),
            http.get("api/patients/" + a.patient() + "/access-history", all).send())) {
      portal.count(answer(r), expected(r, 403, "PHR-403-17"));
    }
    assertNoNewFailures(failuresBefore);
  }

  /** A client-credentials token of tenant A's system client {@code id} asking {@code scope}. */
  private static String client(String id, String scope) {
    return Tokens.of("svc-" + id).tenant(A).claim("client_id", id).claim("scope", scope).sign();
  }

  /**
   * Sends {@code token} against records of {@code f} and against absent ids of the same form (a
   * patient, an entry, an MRN search, an update); each pair must be refused with {@code status} and
   * {@code code}, byte for byte alike apart from incident ids.
   */
  private void probe(AttackReport.Row row, String token, Fixture f, int status, String code) {
    List<Function<Boolean, Reply>> targets =
        List.of(
            exists -> http.get("api/patients/" + (exists ? f.patient() : randomId()), token).send(),
            exists -> http.get("api/entries/" + (exists ? f.entry() : randomId()), token).send(),
            exists ->
                http.call("POST", "api/patients/search", token)
                    .json("{\"mrn\":\"" + (exists ? f.mrn() : randomMrn()) + "\"}")
                    .send(),
            exists ->
                http.call("PUT", "api/patients/" + (exists ? f.patient() : randomId()), token)
                    .header("If-Match", "\"1\"")
                    .json(Seed.patientJson())
                    .send(),
            exists ->
                http.call("POST", "api/fhir", token)
                    .json(fhirBundle(f.tenant(), exists ? f.mrn() : randomMrn()))
                    .send());
    for (Function<Boolean, Reply> target : targets) {
      Reply existing = target.apply(true);
      Reply absent = target.apply(false);
      row.count(answer(existing), sameRefusal(existing, absent, status, code));
    }
  }

  /** Why {@code existing} and {@code absent} are not the same expected refusal, or null. */
  private static String sameRefusal(Reply existing, Reply absent, int status, String code) {
    String problem = expected(existing, status, code);
    if (problem != null) {
      return "existing record: " + problem;
    }
    if (!normalized(existing.body()).equals(normalized(absent.body()))
        || existing.status() != absent.status()) {
      return "answer differs for an existing and an absent record: "
          + existing.status()
          + " vs "
          + absent.status();
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Another tenant's ids

  @Test
  @Order(3)
  void anotherTenantReplayingIdsGetsNotFoundLikeAMissingRecord() {
    int failuresBefore = REPORT.failures().size();
    AttackReport.Row row =
        REPORT.row(
            "Tenant isolation",
            "valid tokens of tenant B (the operation's role) with tenant A's record ids, every"
                + " operation with a record id, compared with random ids",
            "404 PHR-404-01 (a saved query's PHR-404-11), same answer as a missing record");
    Map<String, List<String>> before = identityAndClinical();
    int ran = 0;
    for (Op op : operations) {
      if (!op.pathParams().contains("id") && !op.pathParams().contains("patientId")) {
        continue;
      }
      String token = token(op, B);
      Reply replayed = send(op, token, ids(op, a), validBody(op), null);
      Map<String, String> random = new LinkedHashMap<>();
      op.pathParams().forEach(p -> random.put(p, randomId()));
      Reply missing = send(op, token, random, validBody(op), null);
      String notFound =
          op.path().startsWith("/api/analytics/saved-queries/") ? "PHR-404-11" : "PHR-404-01";
      String why = sameRefusal(replayed, missing, 404, notFound);
      row.count(answer(replayed), why == null ? null : op.name() + ": " + why);
      ran++;
    }
    assertThat(ran).as("operations with record ids").isGreaterThanOrEqualTo(10);
    assertThat(identityAndClinical()).isEqualTo(before);
    assertNoNewFailures(failuresBefore);
  }

  // ---------------------------------------------------------------------------------------------
  // Patient links

  /**
   * What is wrong with a patient token's answers for an existing and a random id: none if both are
   * {@code status code}, or both {@code 403 PHR-403-01} (a staff operation under the patient's
   * path, such as listing a patient's representatives: the role lacks it whatever the id).
   */
  private static String patientRefusal(Reply named, Reply missing, int status, String code) {
    String why = sameRefusal(named, missing, status, code);
    return why != null && sameRefusal(named, missing, 403, "PHR-403-01") == null ? null : why;
  }

  @Test
  @Order(3)
  void aPatientIdClaimReachesNoRecordWithoutTheModulesLink() {
    int failuresBefore = REPORT.failures().size();
    AttackReport.Row unlinked =
        REPORT.row(
            "Patient links",
            "patient token of tenant A that the module never linked, `patient_id` naming an"
                + " existing patient of A: every patient operation with a record id, compared with"
                + " random ids",
            "403 PHR-403-05, the same answer whatever the id (403 PHR-403-01 where the patient"
                + " role lacks the operation's permission)");
    AttackReport.Row linkedElsewhere =
        REPORT.row(
            "Patient links",
            "patient token linked to its own record, `patient_id` naming another patient of A:"
                + " every patient operation on the other patient's ids, compared with random ids",
            "404 PHR-404-01, same answer as a missing record (403 PHR-403-01 where the patient"
                + " role lacks the operation's permission)");
    Reply p =
        http.call("POST", "api/patients", physician(A).sign())
            .json(Seed.patientJson(randomMrn()))
            .send();
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    String linkedSubject = Tokens.subject("patient");
    linkInStore(A, linkedSubject, p.json().getString("id"));
    Map<String, List<String>> before = identityAndClinical();
    int ran = 0;
    for (Op op : operations) {
      boolean patientOperation =
          role(op).equals("patient")
              || (op.method().equals("GET")
                  && (op.path().startsWith("/api/patients/")
                      || op.path().startsWith("/api/entries/")
                      || op.path().startsWith("/api/amendments/")));
      if (!patientOperation
          || (!op.pathParams().contains("id") && !op.pathParams().contains("patientId"))) {
        continue;
      }
      Map<String, String> random = new LinkedHashMap<>();
      op.pathParams().forEach(id -> random.put(id, randomId()));
      String claimOnly =
          Tokens.of(Tokens.subject("patient"), "patient").tenant(A).patient(a.patient()).sign();
      Reply named = send(op, claimOnly, ids(op, a), validBody(op), null);
      Reply missing = send(op, claimOnly, random, validBody(op), null);
      unlinked.count(
          answer(named),
          Optional.ofNullable(patientRefusal(named, missing, 403, "PHR-403-05"))
              .map(why -> op.name() + ": " + why)
              .orElse(null));
      String linked = Tokens.of(linkedSubject, "patient").tenant(A).patient(a.patient()).sign();
      Reply other = send(op, linked, ids(op, a), validBody(op), null);
      Reply absent = send(op, linked, random, validBody(op), null);
      linkedElsewhere.count(
          answer(other),
          Optional.ofNullable(patientRefusal(other, absent, 404, "PHR-404-01"))
              .map(why -> op.name() + ": " + why)
              .orElse(null));
      ran++;
    }
    assertThat(ran).as("patient operations with record ids").isGreaterThanOrEqualTo(8);
    assertThat(identityAndClinical()).isEqualTo(before);
    assertNoNewFailures(failuresBefore);
  }

  // ---------------------------------------------------------------------------------------------
  // FHIR import (ADR 37): roles and tenants

  @Test
  @Order(3)
  void theFhirImportRefusesOtherRolesAndAnotherTenantsPatientsAndChangesNothing() {
    int failuresBefore = REPORT.failures().size();
    AttackReport.Row roles =
        REPORT.row(
            "FHIR import",
            "`POST /api/fhir` with a valid transaction Bundle by every role without"
                + " `RECORD_IMPORT` (billing, privacy officer, tenant admin, linked patient) and a"
                + " system client allowed `system/Observation.c` only",
            "403 problem+json PHR-403-01 / PHR-403-17");
    AttackReport.Row foreignSystem =
        REPORT.row(
            "FHIR import",
            "tenant B's physician importing a patient on tenant A's MRN system (A's MRN)",
            "400 OperationOutcome PHR-400-24");
    AttackReport.Row foreignPatient =
        REPORT.row(
            "FHIR import",
            "tenant B's physician importing an Observation whose subject is `Patient/<id>` of"
                + " tenant A, compared with a random id",
            "400 OperationOutcome PHR-400-21, same answer as a missing patient");
    Map<String, List<String>> before = identityAndClinical();
    String bundle = fhirBundle(A, randomMrn());
    for (String role : List.of("billing", "privacy-officer", "tenant-admin")) {
      Reply r =
          http.call("POST", "api/fhir", Tokens.of(Tokens.subject(role), role).tenant(A).sign())
              .json(bundle)
              .send();
      roles.count(
          answer(r),
          Optional.ofNullable(expected(r, 403, "PHR-403-01"))
              .map(why -> role + ": " + why)
              .orElse(null));
    }
    String patient = Tokens.subject("patient");
    linkInStore(A, patient, a.patient());
    Reply linked =
        http.call(
                "POST",
                "api/fhir",
                Tokens.of(patient, "patient").tenant(A).patient(a.patient()).sign())
            .json(bundle)
            .send();
    roles.count(answer(linked), expected(linked, 403, "PHR-403-01"));
    Reply feed =
        http.call("POST", "api/fhir", client(FEED, "system/Observation.c")).json(bundle).send();
    roles.count(answer(feed), expected(feed, 403, "PHR-403-17"));

    String b = physician(B).sign();
    Reply foreign = http.call("POST", "api/fhir", b).json(fhirBundle(A, a.mrn())).send();
    foreignSystem.count(answer(foreign), expectedFhir(foreign, 400, "PHR-400-24"));
    Reply replayed =
        http.call("POST", "api/fhir", b).json(fhirObservation("Patient/" + a.patient())).send();
    Reply missing =
        http.call("POST", "api/fhir", b).json(fhirObservation("Patient/" + randomId())).send();
    String why = expectedFhir(replayed, 400, "PHR-400-21");
    if (why == null
        && (replayed.status() != missing.status()
            || !normalized(replayed.body()).equals(normalized(missing.body())))) {
      why = "answer differs for tenant A's patient and a random id";
    }
    foreignPatient.count(answer(replayed), why);
    assertThat(identityAndClinical()).isEqualTo(before);
    assertNoNewFailures(failuresBefore);
  }

  // ---------------------------------------------------------------------------------------------
  // Input

  @Test
  @Order(4)
  void hostileInputInEveryParameterAndBodyFieldIsRefusedAndChangesNothing() {
    int failuresBefore = REPORT.failures().size();
    Map<String, List<String>> data = identityAndClinical();
    Map<String, List<String>> audit = Stores.snapshot(Stores.audit(), "phi_audit");
    AttackReport.Row operators =
        REPORT.row(
            "Input: parameters",
            "path, query and header parameters of every operation: operator payloads"
                + " (`{\"$ne\": null}`, `{\"$gt\": \"\"}`, `{\"$where\": \"sleep(1000)\"}`,"
                + " `$where`, dotted)",
            PARAM_EXPECTED);
    AttackReport.Row traversal =
        REPORT.row(
            "Input: parameters",
            "path traversal: `..`, `../etc/passwd`, `..%2F`, `%2e%2e%2f`, `%2e%2e`, `..%5c`,"
                + " double-encoded, encoded slash, NUL",
            PARAM_EXPECTED);
    AttackReport.Row longParams =
        REPORT.row(
            "Input: parameters",
            "very long values: 10 KB in path ids and query values, 4 KB in headers",
            PARAM_EXPECTED);
    AttackReport.Row badUtf8Params =
        REPORT.row(
            "Input: parameters",
            "invalid UTF-8 percent-encoded (`%C3%28`, `%FF%FE`, overlong `%C0%AF`)",
            PARAM_EXPECTED);
    for (Op op : operations) {
      for (String p : op.pathParams()) {
        for (String v : OPERATORS) {
          withParam(operators, op, "path", p, encode(v));
        }
        for (String v : TRAVERSALS) {
          withParam(traversal, op, "path", p, v);
        }
        withParam(longParams, op, "path", p, "A".repeat(10_240));
        for (String v : BAD_UTF8) {
          withParam(badUtf8Params, op, "path", p, v);
        }
      }
      for (String q : op.query()) {
        for (String v : OPERATORS) {
          withParam(operators, op, "query", q, encode(v));
        }
        for (String v : TRAVERSALS) {
          withParam(traversal, op, "query", q, v);
        }
        withParam(longParams, op, "query", q, "A".repeat(10_240));
        for (String v : BAD_UTF8) {
          withParam(badUtf8Params, op, "query", q, v);
        }
      }
      for (String h : op.headers()) {
        for (String v : OPERATORS) {
          withParam(operators, op, "header", h, v);
        }
        withParam(longParams, op, "header", h, "1".repeat(4_096));
      }
    }

    AttackReport.Row bodyOperators =
        REPORT.row(
            "Input: bodies",
            "every field of every request body (nested ones too) replaced by"
                + " `{\"$ne\": null}`, `{\"$gt\": \"\"}`, `{\"$where\": \"sleep(1000)\"}`",
            "4xx problem+json PHR-4xx" + FHIR_BODY);
    AttackReport.Row keys =
        REPORT.row(
            "Input: bodies",
            "keys added to every object of every body: `$where`, `$set`, dotted `a.b`,"
                + " `tenantId` of another tenant",
            "4xx problem+json PHR-4xx" + FHIR_BODY);
    AttackReport.Row longFields =
        REPORT.row(
            "Input: bodies",
            "very long strings in every field: 60,000 characters (under the body limit) and 1 MB",
            "4xx problem+json PHR-4xx (413 over the body limit)" + FHIR_BODY);
    AttackReport.Row badUtf8 =
        REPORT.row(
            "Input: bodies",
            "invalid UTF-8 bytes in every field (truncated sequence, overlong `/`, lone surrogate)",
            "400 problem+json PHR-400-01 (the FHIR import: as an OperationOutcome)");
    AttackReport.Row shapes =
        REPORT.row(
            "Input: bodies",
            "every body: over records.request.max-body-bytes, 10,000 nested objects, 10,000 nested"
                + " arrays, not an object, empty",
            "4xx problem+json PHR-4xx" + FHIR_BODY);
    for (Op op : operations) {
      if (!op.body()) {
        continue;
      }
      String token = token(op, A);
      Map<String, String> ids = ids(op, a);
      JsonObject valid = parse(validBody(op));
      for (String pointer : pointers(valid, "")) {
        for (String v : OPERATORS.subList(0, 3)) {
          bodyCase(bodyOperators, op, token, ids, replace(valid, pointer, parse(v)).toString());
        }
        bodyCase(
            longFields,
            op,
            token,
            ids,
            replace(valid, pointer, Json.createValue("x".repeat(60_000))).toString());
        bodyCase(
            longFields,
            op,
            token,
            ids,
            replace(valid, pointer, Json.createValue("x".repeat(1 << 20))).toString());
        for (byte[] bad : BAD_UTF8_BYTES) {
          String marker = "UTF8MARKER";
          byte[] body =
              splice(
                  replace(valid, pointer, Json.createValue(marker))
                      .toString()
                      .getBytes(StandardCharsets.UTF_8),
                  marker.getBytes(StandardCharsets.UTF_8),
                  bad);
          bodyCase(badUtf8, op, token, ids, body, 400, "PHR-400-01");
        }
      }
      for (String pointer : objectPointers(valid, "")) {
        for (Map.Entry<String, JsonValue> k : HOSTILE_KEYS.entrySet()) {
          bodyCase(
              keys, op, token, ids, addKey(valid, pointer, k.getKey(), k.getValue()).toString());
        }
      }
      String first = valid.keySet().iterator().next();
      String oversize =
          replace(
                  valid,
                  "/" + first,
                  Json.createValue("x".repeat(op.fhir() ? MAX_BUNDLE_BYTES : MAX_BODY_BYTES)))
              .toString();
      bodyCase(shapes, op, token, ids, oversize);
      bodyCase(shapes, op, token, ids, "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
      bodyCase(
          shapes,
          op,
          token,
          ids,
          "{\"" + first + "\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
      bodyCase(shapes, op, token, ids, "[" + valid + "]");
      bodyCase(shapes, op, token, ids, "");
    }

    assertThat(identityAndClinical()).as("identity and clinical data").isEqualTo(data);
    Map<String, List<String>> auditAfter = Stores.snapshot(Stores.audit(), "phi_audit");
    String events = "phi_audit.audit_events";
    assertThat(auditAfter.get(events)).as("audit events only grew").containsAll(audit.get(events));
    assertThat(auditAfter.get(events).size()).isGreaterThan(audit.get(events).size());
    assertNoNewFailures(failuresBefore);
  }

  // ---------------------------------------------------------------------------------------------
  // Abuse of the unauthenticated path

  /**
   * {@code records.http.auth-failures.limit} and {@code .window-seconds} of the ITs (failsafe
   * environment): the limit is above the failed authentications the token test above makes from the
   * loopback address within one interval.
   */
  static final int FAILURE_LIMIT = 250;

  static final int FAILURE_WINDOW_SECONDS = 20;

  @Test
  @Order(5)
  void aFloodOfBadTokensIsLimitedAndAuditedAsOneCountPerIntervalWithTheRealAddress() {
    int failuresBefore = REPORT.failures().size();
    AttackReport.Row row =
        REPORT.row(
            "Unauthenticated path",
            FAILURE_LIMIT
                + 30
                + " requests with a malformed token from one client address (behind a trusted"
                + " proxy; a forged `X-Forwarded-For` entry to its left), then one with a valid"
                + " token",
            "401 PHR-401-01 up to the limit, then 429 PHR-429-01 with Retry-After, the valid"
                + " token too; audited as at most 2 events with the client address and a count");
    // The ITs trust the loopback address as a proxy: sent from it, the client is the right-most
    // entry. (The other tests reach Payara at the address Arquillian reports, which need not be
    // trusted: their X-Forwarded-For would be ignored.)
    Http proxy;
    try {
      proxy = new Http(new URL("http", "127.0.0.1", base.getPort(), base.getPath()));
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
    String client = "203.0.113." + (1 + RANDOM.nextInt(250));
    String forwarded = "198.51.100.66, " + client;
    var events = Stores.audit().getDatabase("phi_audit").getCollection("audit_events");
    int flood = FAILURE_LIMIT + 30;
    int limited = 0;
    for (int i = 0; i < flood; i++) {
      Reply r =
          proxy
              .get("api/patients/" + a.patient(), "not.a.token")
              .header("X-Forwarded-For", forwarded)
              .send();
      String why =
          i < FAILURE_LIMIT
              ? expected(r, 401, "PHR-401-01")
              : r.header("Retry-After") == null ? "no Retry-After" : expected(r, 429, "PHR-429-01");
      if (r.status() == 429) {
        limited++;
      }
      row.count(answer(r), why == null ? null : "request " + i + ": " + why);
    }
    Reply valid =
        proxy
            .get("api/patients/" + a.patient(), physician(A).sign())
            .header("X-Forwarded-For", forwarded)
            .send();
    row.count(answer(valid), expected(valid, 429, "PHR-429-01"));
    assertThat(limited).isEqualTo(30);
    assertThat(http.get("api/patients/" + a.patient(), physician(A).sign()).send().status())
        .as("another address is not limited")
        .isEqualTo(200);

    // The first failure is audited at once; the rest as one count when the interval has ended.
    long deadline = System.nanoTime() + Duration.ofSeconds(4L * FAILURE_WINDOW_SECONDS).toNanos();
    List<org.bson.Document> recorded;
    do {
      recorded =
          events
              .find(new org.bson.Document("clientAddress", client))
              .sort(new org.bson.Document("seq", 1)) // the order they were chained in
              .into(new ArrayList<>());
    } while (recorded.size() < 2 && System.nanoTime() < deadline && pause());
    assertThat(recorded)
        .extracting(d -> d.getString("operation"), d -> d.getInteger("resultCount"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GET", 1),
            org.assertj.core.groups.Tuple.tuple("authentication-failures", flood));
    assertThat(recorded)
        .allSatisfy(
            d -> {
              assertThat(d.getString("subject")).isEqualTo("anonymous");
              assertThat(d.getString("outcome")).isEqualTo("DENIED");
            });
    assertThat(
            events.countDocuments(
                new org.bson.Document("subject", "anonymous").append("clientAddress", "unknown")))
        .as("no refusal recorded without its address")
        .isZero();
    assertThat(
            events
                .distinct(
                    "clientAddress", new org.bson.Document("subject", "anonymous"), String.class)
                .into(new ArrayList<>()))
        .as("the token test's refusals too are recorded with an IP address")
        .hasSizeGreaterThan(1)
        .allMatch(address -> address.matches("[0-9a-f:.]+"));
    assertNoNewFailures(failuresBefore);
  }

  private static boolean pause() {
    try {
      Thread.sleep(250);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void assertNoNewFailures(int before) {
    List<String> all = REPORT.failures();
    assertThat(all.subList(before, all.size())).as("unexpected outcomes").isEmpty();
  }

  /** What a hostile body of the FHIR import may get besides (its valid body changes nothing). */
  private static final String FHIR_BODY =
      "; the FHIR import (a transaction re-sending tenant A's patient): 4xx OperationOutcome"
          + " PHR-4xx, or 200 with every entry already present (nothing written)";

  /** What a hostile parameter may get. */
  private static final String PARAM_EXPECTED =
      "4xx problem+json PHR-4xx; or, for what Payara's HTTP listener refuses before any"
          + " application code runs (no audit event), its empty 400; for a path ending in `/..`,"
          + " Grizzly's empty 200 (a container defect)";

  private static final List<String> OPERATORS =
      List.of(
          "{\"$ne\": null}",
          "{\"$gt\": \"\"}",
          "{\"$where\": \"sleep(1000)\"}",
          "$where",
          "patients.0.mrn");

  /** Literal path segments (sent unnormalized, unencoded beyond what they hold). */
  private static final List<String> TRAVERSALS =
      List.of(
          "..",
          "../etc/passwd",
          "..%2F..%2Fetc%2Fpasswd",
          "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
          "%2e%2e",
          "..%5c..%5cwindows%5cwin.ini",
          "%252e%252e%252fetc%252fpasswd",
          "a%2Fb",
          "%00");

  private static final List<String> BAD_UTF8 = List.of("%C3%28", "%FF%FE", "%C0%AF");

  private static final List<byte[]> BAD_UTF8_BYTES =
      List.of(
          new byte[] {(byte) 0xC3, '('},
          new byte[] {(byte) 0xC0, (byte) 0xAF},
          new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});

  private static final Map<String, JsonValue> HOSTILE_KEYS =
      Map.of(
          "$where", Json.createValue("sleep(1000)"),
          "$set", Json.createObjectBuilder().add("tenantId", B).build(),
          "a.b", Json.createValue("x"),
          "tenantId", Json.createValue(B));

  private void withParam(AttackReport.Row row, Op op, String in, String name, String value) {
    // A fresh subject per case: its audit events tell whether the application saw the request.
    String subject = Tokens.subject(role(op));
    String token = token(op, A, subject);
    Map<String, String> ids = ids(op, a);
    String body = op.body() ? validBody(op) : null;
    String what = op.name() + " " + in + " " + name + "=" + abbreviated(value);
    if (in.equals("path")) {
      ids.put(name, value);
    }
    Http.Call call =
        call(
            op,
            token,
            ids,
            body,
            in.equals("query") ? name + "=" + value : null,
            in.equals("header") && name.equalsIgnoreCase("If-Match") ? value : "\"1\"");
    if (in.equals("header") && !name.equalsIgnoreCase("If-Match")) {
      call.header(name, value);
    }
    Reply r;
    try {
      r = call.send();
    } catch (UncheckedIOException e) {
      row.count("connection failed", what + ": " + e.getCause());
      return;
    }
    if (isProblem(r) || !r.body().isEmpty() || !Seed.auditOf(subject).isEmpty()) {
      row.count(answer(r), clientError(r, what));
      return;
    }
    // No problem document, and the application never saw the request (no audit event): Payara's
    // HTTP listener answered on its own, before any application code. It may close the connection
    // without saying so (seen after a 10 KB path id), which would lose the next case's request.
    http.dropConnections();
    if (r.status() == 400) {
      row.count("400 empty, from the HTTP listener (never reached the application)", null);
    } else if (r.status() == 200
        && in.equals("path")
        && (value.equals("..") || value.equals("."))) {
      // Grizzly's URI normalizer fails on a path ending in "/.." (ArrayIndexOutOfBoundsException
      // in HttpRequestURIDecoder.normalizeBytes, logged by Payara) and the listener answers 200
      // with no body: nothing is run, returned or stored, but the status is wrong.
      row.count("200 empty, Grizzly URI normalizer defect (never reached the application)", null);
    } else {
      row.count(answer(r), clientError(r, what));
    }
  }

  private void bodyCase(
      AttackReport.Row row, Op op, String token, Map<String, String> ids, String body) {
    bodyCase(row, op, token, ids, body.getBytes(StandardCharsets.UTF_8), 0, null);
  }

  private void bodyCase(
      AttackReport.Row row,
      Op op,
      String token,
      Map<String, String> ids,
      byte[] body,
      int status,
      String code) {
    Http.Call call = call(op, token, ids, null, null, "\"1\"").raw(body);
    Reply r;
    try {
      r = call.send();
    } catch (UncheckedIOException e) {
      row.count("connection failed", op.name() + ": " + e.getCause());
      return;
    }
    String why =
        op.fhir()
            ? code == null ? fhirClientError(r, op.name()) : expectedFhir(r, status, code)
            : code == null ? clientError(r, op.name()) : expected(r, status, code);
    row.count(answer(r), why == null ? null : op.name() + ": " + why);
  }

  /** Null if {@code r} is a 4xx problem with a PHR-4 code, else why not. */
  private static String clientError(Reply r, String what) {
    String type = r.header("Content-Type");
    if (r.status() < 400 || r.status() > 499) {
      return what + ": status " + r.status() + " " + abbreviated(String.valueOf(r.body()));
    }
    if (type == null || !type.startsWith("application/problem+json")) {
      return what + ": content type " + type;
    }
    String code = r.problemCode();
    if (code == null || !code.startsWith("PHR-4")) {
      return what + ": code " + code;
    }
    if (r.body().contains("Exception") || r.body().contains("\tat ")) {
      return what + ": stack trace in the body";
    }
    return null;
  }

  /** Null if {@code r} is the problem {@code code} with {@code status}, else why not. */
  private static String expected(Reply r, int status, String code) {
    String type = r.header("Content-Type");
    if (r.status() != status
        || type == null
        || !type.startsWith("application/problem+json")
        || !code.equals(r.problemCode())) {
      return "expected " + status + " " + code + ", got " + answer(r);
    }
    return null;
  }

  /**
   * Null if {@code r} is the FHIR import's refusal of bad input: a 4xx OperationOutcome carrying a
   * PHR-4 code, no stack trace; or a transaction-response in which every entry was already present
   * (a changed field of the fixture patient, found by its MRN: idempotent, nothing written).
   */
  private static String fhirClientError(Reply r, String what) {
    if (r.status() == 200 && isFhir(r)) {
      JsonObject bundle = parse(r.body());
      boolean allPresent =
          "transaction-response".equals(bundle.getString("type", ""))
              && bundle.getJsonArray("entry").stream()
                  .allMatch(
                      e ->
                          e.asJsonObject()
                              .getJsonObject("response")
                              .getString("status")
                              .startsWith("200"));
      return allPresent ? null : what + ": 200 with an entry written: " + abbreviated(r.body());
    }
    String code = outcomeCode(r);
    if (r.status() < 400 || r.status() > 499) {
      return what + ": status " + r.status() + " " + abbreviated(String.valueOf(r.body()));
    }
    if (code == null || !code.startsWith("PHR-4")) {
      return what + ": not an OperationOutcome with a PHR-4 code: " + answer(r);
    }
    if (r.body().contains("Exception") || r.body().contains("\tat ")) {
      return what + ": stack trace in the body";
    }
    return null;
  }

  /** Null if {@code r} is an OperationOutcome with {@code status} and module {@code code}. */
  private static String expectedFhir(Reply r, int status, String code) {
    if (r.status() != status || !code.equals(outcomeCode(r))) {
      return "expected " + status + " OperationOutcome " + code + ", got " + answer(r);
    }
    return null;
  }

  private static boolean isFhir(Reply r) {
    String type = r.header("Content-Type");
    return type != null && type.startsWith("application/fhir+json");
  }

  /**
   * The module's code in an OperationOutcome's first issue ({@code issue.details.coding} of system
   * {@code https://phirecords.org/fhir/CodeSystem/error-code}), or null if {@code r} is none.
   */
  private static String outcomeCode(Reply r) {
    if (!isFhir(r)) {
      return null;
    }
    try {
      JsonObject o = parse(r.body());
      if (!"OperationOutcome".equals(o.getString("resourceType", ""))) {
        return null;
      }
      for (JsonValue c :
          o.getJsonArray("issue")
              .getJsonObject(0)
              .getJsonObject("details")
              .getJsonArray("coding")) {
        if (FHIR_ERROR_CODES.equals(c.asJsonObject().getString("system", ""))) {
          return c.asJsonObject().getString("code", null);
        }
      }
      return null;
    } catch (RuntimeException notAnOutcome) {
      return null;
    }
  }

  private static final String FHIR_ERROR_CODES =
      "https://phirecords.org/fhir/CodeSystem/error-code";

  /**
   * A transaction Bundle of one synthetic patient with {@code mrn} on {@code tenant}'s MRN system;
   * with a {@code subject} reference, an Observation about that patient instead.
   */
  static String fhirBundle(String tenant, String mrn) {
    return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":"
        + "\"urn:uuid:0b7e4c1a-5d2f-4e3a-9c8b-1a2b3c4d5e6f\",\"resource\":{\"resourceType\":"
        + "\"Patient\",\"identifier\":[{\"system\":\"https://phirecords.org/fhir/sid/mrn/"
        + tenant
        + "\",\"value\":\""
        + mrn
        + "\"}],\"name\":[{\"family\":\"Synthetic\",\"given\":[\"Attack\"]}],"
        + "\"gender\":\"female\",\"birthDate\":\"1980-01-01\"},\"request\":{\"method\":"
        + "\"POST\",\"url\":\"Patient\"}}]}";
  }

  /** A transaction Bundle of one Observation whose subject is {@code reference}. */
  static String fhirObservation(String reference) {
    return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":"
        + "\"urn:uuid:1c8f5d2b-6e3a-4f4b-8d9c-2b3c4d5e6f70\",\"resource\":{\"resourceType\":"
        + "\"Observation\",\"identifier\":[{\"system\":\"https://ehr.example.invalid/id\","
        + "\"value\":\"attack-1\"}],\"status\":\"final\",\"code\":{\"coding\":[{\"system\":"
        + "\"http://loinc.org\",\"code\":\"4548-4\",\"display\":\"HbA1c\"}]},\"subject\":"
        + "{\"reference\":\""
        + reference
        + "\"},\"effectiveDateTime\":\"2025-03-01\",\"valueQuantity\":{\"value\":7.1,"
        + "\"unit\":\"%\"}},\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
  }

  private static boolean isProblem(Reply r) {
    String type = r.header("Content-Type");
    return type != null && type.startsWith("application/problem+json");
  }

  private static String abbreviated(String value) {
    return value.length() > 40 ? value.substring(0, 20) + "...(" + value.length() + ")" : value;
  }

  private static String answer(Reply r) {
    if (isProblem(r)) {
      return r.status() + " " + r.problemCode();
    }
    if (outcomeCode(r) != null) {
      return r.status() + " " + outcomeCode(r) + " (OperationOutcome)";
    }
    String type = r.header("Content-Type");
    return r.status() + " " + (type == null ? "(no content type)" : type);
  }

  private static String normalized(String body) {
    return UUID.matcher(body).replaceAll("<incident>");
  }

  // ---------------------------------------------------------------------------------------------
  // Operations, requests and bodies

  /** The operations of the published document, with their parameters. */
  private JsonObject openApi() {
    Reply doc =
        new Http(url(http.root("openapi")))
            .call("GET", "", null)
            .header("Accept", "application/json")
            .send();
    assertThat(doc.status()).as(doc.toString()).isEqualTo(200);
    return doc.json();
  }

  private static List<Op> operations(JsonObject doc) {
    List<Op> ops = new ArrayList<>();
    for (Map.Entry<String, JsonValue> p : doc.getJsonObject("paths").entrySet()) {
      JsonObject item = p.getValue().asJsonObject();
      for (String method : List.of("get", "put", "post", "delete", "patch")) {
        if (!item.containsKey(method)) {
          continue;
        }
        JsonObject op = item.getJsonObject(method);
        List<String> path = new ArrayList<>();
        List<String> query = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        List<JsonObject> params = new ArrayList<>();
        for (JsonObject source : List.of(item, op)) {
          if (source.containsKey("parameters")) {
            params.addAll(source.getJsonArray("parameters").getValuesAs(JsonObject.class));
          }
        }
        for (JsonObject param : params) {
          String name = param.getString("name");
          switch (param.getString("in")) {
            case "path" -> path.add(name);
            case "query" -> query.add(name);
            case "header" -> headers.add(name);
            default -> {}
          }
        }
        ops.add(
            new Op(
                method.toUpperCase(java.util.Locale.ROOT),
                p.getKey(),
                path,
                query,
                headers,
                op.containsKey("requestBody")));
      }
    }
    assertThat(ops).as("operations in the OpenAPI document").hasSizeGreaterThan(10);
    return ops;
  }

  /** A valid body for {@code op} (the suite fails for an operation it does not know). */
  private String validBody(Op op) {
    if (!op.body()) {
      return null;
    }
    String entry = Seed.conditionJson("E11.9", "Synthetic note.");
    return switch (op.name()) {
      case "POST /api/patients", "PUT /api/patients/{id}" -> Seed.patientJson();
      case "POST /api/patients/search" -> "{\"mrn\":\"MRN-00000001\"}";
      case "POST /api/patients/search/by-name" ->
          "{\"familyName\":\"Synthetic\",\"birthDate\":\"1980-01-01\"}";
      case "POST /api/patients/{patientId}/entries",
          "PUT /api/entries/{id}",
          "POST /api/amendments/{id}/accept" ->
          entry;
      case "POST /api/patients/{patientId}/amendments" ->
          "{\"entryId\":\"" + a.entry() + "\",\"reason\":\"Synthetic reason.\"}";
      case "POST /api/amendments/{id}/denial", "POST /api/amendments/{id}/extension" ->
          "{\"reason\":\"Synthetic reason.\"}";
      case "POST /api/amendments/{id}/disagreement" -> "{\"statement\":\"Synthetic statement.\"}";
      case "POST /api/portal/link" -> "{\"code\":\"AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA\"}";
      case "POST /api/patients/{patientId}/memberships" -> membershipJson();
      case "POST /api/patients/{patientId}/memberships/{membershipId}/end" ->
          "{\"end\":\"2026-06-30T00:00:00Z\"}";
      case "POST /api/patients/{patientId}/emergency-access" -> DECLARATION;
      case "POST /api/patients/{patientId}/care-team" -> CARE_TEAM_MEMBER;
      case "POST /api/emergency-access/{id}/flag" -> "{\"note\":\"Synthetic note.\"}";
      case "POST /api/import-jobs" -> IMPORT_JOB;
      case "POST /api/patients/{patientId}/disclosures" ->
          "{\"disclosedAt\":\"2026-01-05T09:00:00Z\",\"recipient\":\"Synthetic registry\","
              + "\"description\":\"Synthetic description\",\"purpose\":\"Required by law\"}";
      case "POST /api/patients/{patientId}/directed-copies" ->
          "{\"recipient\":\"synthetic@example.org\"}";
      // One NDJSON line with no values: a chunk of the fixture job (ADR 40).
      case "PUT /api/import-jobs/{jobId}/files/{file}/chunks/{chunk}" ->
          "{\"resourceType\":\"Patient\"}\n";
      // The fixture patient into itself: refused (PHR-409-19), so the suite changes nothing.
      case "POST /api/patients/{patientId}/merge" ->
          "{\"merged\":\"" + a.patient() + "\",\"mergedVersion\":1}";
      // The fixture patient again: already present (200 OK), so the suite changes nothing.
      case "POST /api/fhir" -> fhirBundle(A, a.mrn());
      case "POST /api/analytics/queries" ->
          "{\"measure\":\"patients\",\"dimensions\":[\"code\"],\"from\":\"2025-01-01\","
              + "\"to\":\"2026-12-31\",\"codes\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\","
              + "\"code\":\"E11.9\"}],\"organisations\":[],\"purposeOfUse\":\"HOPERAT\"}";
      case "POST /api/analytics/datasets" ->
          "{\"format\":\"csv\",\"from\":\"2025-01-01\",\"to\":\"2026-12-31\"}";
      case "POST /api/analytics/relinks" ->
          "{\"datasetId\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"researchIds\":[\"BBBBBBBBBBBBBBBBBBBBBB\"],"
              + "\"purpose\":\"Attack suite purpose text\"}";
      case "POST /api/analytics/relinks/{relinkId}/decision" -> "{\"approve\":true}";
      case "POST /api/analytics/saved-queries", "PUT /api/analytics/saved-queries/{id}" ->
          "{\"name\":\"Attack suite\",\"query\":{\"measure\":\"patients\","
              + "\"dimensions\":[\"code\"],\"from\":\"2025-01-01\",\"to\":\"2026-12-31\","
              + "\"purposeOfUse\":\"HOPERAT\"}}";
      case "POST /api/patients/{patientId}/proxies", "POST /api/portal/proxies/caregivers" ->
          "{\"subject\":\"attack-proxy\",\"relationship\":\"CAREGIVER\","
              + "\"scope\":\"NON_SENSITIVE\",\"expiry\":\"2036-01-01T00:00:00Z\","
              + "\"reason\":\"Synthetic reason.\"}";
      default -> throw new AssertionError("no valid body known for " + op.name() + ": add one");
    };
  }

  /** Valid values of {@code op}'s path parameters from fixture {@code f}. */
  private static Map<String, String> ids(Op op, Fixture f) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String p : op.pathParams()) {
      String value =
          switch (p) {
            case "patientId" -> f.patient();
            case "tenant" -> f.tenant();
            case "membershipId" -> f.membership();
            case "memberId" -> f.careTeamMember();
            // No merge is made by the suite: a well-formed id no merge has.
            case "mergeId" -> "AAAAAAAAAAAAAAAAAAAAAA";
            // Grants to representatives are each patient's own (ADR 46): an id no grant has.
            case "grantId" -> "AAAAAAAAAAAAAAAAAAAAAA";
            // No directed copy is confirmed by the suite: a well-formed id no copy has (ADR 47).
            case "copyId" -> "AAAAAAAAAAAAAAAAAAAAAA";
            // A dataset is only its requester's (ADR 44): a well-formed id, found by nobody.
            case "datasetId" -> "AAAAAAAAAAAAAAAAAAAAAA";
            // Re-linking requests are made by no one in the suite (ADR 44): an id none has.
            case "relinkId" -> "AAAAAAAAAAAAAAAAAAAAAA";
            case "name" -> "patients";
            case "exportId" -> f.export();
            case "jobId" -> f.importJob();
            case "chunk" -> "0";
            case "groupId" -> ORGANISATION;
            case "file" -> op.path().startsWith("/api/import-jobs") ? "0" : "Patient.ndjson";
            case "id" ->
                op.path().startsWith("/api/patients/")
                    ? f.patient()
                    : op.path().startsWith("/api/entries/")
                        ? f.entry()
                        : op.path().startsWith("/api/amendments/")
                            ? f.amendment()
                            : op.path().startsWith("/api/emergency-access/")
                                ? f.declaration()
                                // Saved queries (ADR 45): a well-formed id, found by nobody.
                                : op.path().startsWith("/api/analytics/saved-queries/")
                                    ? "AAAAAAAAAAAAAAAAAAAAAA"
                                    : null;
            default -> null;
          };
      if (value == null) {
        throw new AssertionError("no valid value known for {" + p + "} of " + op.name());
      }
      ids.put(p, value);
    }
    return ids;
  }

  /** The role {@code op} is meant for. */
  private static String role(Op op) {
    String path = op.path();
    if (path.startsWith("/api/audit")
        || path.equals("/api/integrity")
        || path.startsWith("/api/emergency-access")) {
      return "privacy-officer";
    }
    if (path.startsWith("/api/billing")) {
      return "billing";
    }
    if (path.equals("/api/analytics/queries/audit")
        || op.name().equals("GET /api/analytics/relinks")
        || path.endsWith("/decision") && path.startsWith("/api/analytics/relinks/")) {
      return "privacy-officer";
    }
    if (path.startsWith("/api/analytics")) {
      return "analyst";
    }
    if (path.startsWith("/api/integration")) {
      return "tenant-admin";
    }
    if (path.endsWith("/disagreement")
        || path.endsWith("/access-history")
        || path.contains("/directed-copies")
        || path.equals("/api/portal/session")
        || path.equals("/api/portal/link")
        || op.name().equals("POST /api/patients/{patientId}/amendments")) {
      return "patient";
    }
    return "physician";
  }

  /** A valid token of {@code tenant} with the role {@code op} is meant for. */
  private static String token(Op op, String tenant) {
    return token(op, tenant, Tokens.subject(role(op)));
  }

  /**
   * A token of {@code subject}; a patient is first linked to a record of {@code tenant} (tenant A's
   * fixture patient, whose id every patient token also claims), as the module requires (ADR 17).
   */
  private static String token(Op op, String tenant, String subject) {
    Tokens.Builder b = Tokens.of(subject, role(op)).tenant(tenant);
    if (!role(op).equals("patient")) {
      return b.sign();
    }
    String own = tenant.equals(A) ? a.patient() : tenant.equals(B) ? bPatient : suspended.patient();
    linkInStore(tenant, subject, own);
    return b.patient(a.patient()).sign();
  }

  /** Links {@code subject} to {@code patient} directly in the store (setup, not under test). */
  private static void linkInStore(String tenant, String subject, String patient) {
    if (LINKED_BY_TEST.add(subject)) {
      Stores.data()
          .getDatabase("phi_identity")
          .getCollection("patient_links")
          .insertOne(
              new org.bson.Document("tenantId", tenant)
                  .append("issuer", Tokens.ISSUER)
                  .append("subject", subject)
                  .append("patientId", patient));
    }
  }

  private Reply send(Op op, String token, Map<String, String> ids, String body, String query) {
    return call(op, token, ids, body, query, "\"1\"").send();
  }

  /** A request to {@code op}; {@code ifMatch} goes into If-Match where the operation takes one. */
  private Http.Call call(
      Op op, String token, Map<String, String> ids, String body, String query, String ifMatch) {
    String path = op.path().substring(1);
    for (Map.Entry<String, String> id : ids.entrySet()) {
      path = path.replace("{" + id.getKey() + "}", id.getValue());
    }
    if (query != null) {
      path += "?" + query;
    }
    // HTTP/1.1, as most attack tools speak it (and over h2c a body the server stops reading
    // stalls the JDK client instead of answering).
    Http.Call call = http.literal(op.method(), path, token).http1();
    if (op.headers().contains("If-Match")) {
      call.header("If-Match", ifMatch);
    }
    if (body != null) {
      call.json(body);
    }
    return call;
  }

  private Fixture fixture(String tenant) {
    String physician = physician(tenant).sign();
    String mrn = randomMrn();
    Reply p = http.call("POST", "api/patients", physician).json(Seed.patientJson(mrn)).send();
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    String patient = p.json().getString("id");
    Reply e =
        http.call("POST", "api/patients/" + patient + "/entries", physician)
            .json(Seed.conditionJson("E11.9", "Synthetic note."))
            .send();
    assertThat(e.status()).as(e.toString()).isEqualTo(201);
    String entry = e.json().getString("id");
    String patientToken =
        Tokens.of(Tokens.subject("patient"), "patient").tenant(tenant).patient(patient).sign();
    Links.link(http, physician, patientToken, patient);
    Reply m =
        http.call("POST", "api/patients/" + patient + "/amendments", patientToken)
            .json("{\"entryId\":\"" + entry + "\",\"reason\":\"Synthetic reason.\"}")
            .send();
    assertThat(m.status()).as(m.toString()).isEqualTo(201);
    organisation(tenant);
    Reply member =
        http.call("POST", "api/patients/" + patient + "/memberships", physician)
            .json(membershipJson())
            .send();
    assertThat(member.status()).as(member.toString()).isEqualTo(201);
    Reply declared =
        http.call("POST", "api/patients/" + patient + "/emergency-access", physician)
            .json(DECLARATION)
            .send();
    assertThat(declared.status()).as(declared.toString()).isEqualTo(201);
    Reply place =
        http.call("POST", "api/patients/" + patient + "/care-team", physician)
            .json(CARE_TEAM_MEMBER)
            .send();
    assertThat(place.status()).as(place.toString()).isEqualTo(201);
    Reply export = http.get("api/fhir/$export", physician).header("Prefer", "respond-async").send();
    assertThat(export.status()).as(export.toString()).isEqualTo(202);
    String status = export.header("Content-Location");
    Reply job = http.call("POST", "api/import-jobs", physician).json(IMPORT_JOB).send();
    assertThat(job.status()).as(job.toString()).isEqualTo(201);
    return new Fixture(
        tenant,
        patient,
        entry,
        m.json().getString("id"),
        mrn,
        member.json().getString("id"),
        declared.json().getString("id"),
        place.json().getString("id"),
        status.substring(status.lastIndexOf('/') + 1),
        job.json().getString("id"));
  }

  /** A valid bulk import job (ADR 40): one Patient file of two chunks. */
  private static final String IMPORT_JOB = "{\"files\":[{\"type\":\"Patient\",\"chunks\":2}]}";

  /** A valid place on a care team (ADR 30). */
  private static final String CARE_TEAM_MEMBER = "{\"subject\":\"dr-synthetic-colleague\"}";

  /** A valid break-glass declaration (ADR 28). */
  private static final String DECLARATION =
      "{\"reason\":\"OTHER\",\"justification\":\"Synthetic justification.\"}";

  private static String membershipJson() {
    return "{\"organisation\":\""
        + ORGANISATION
        + "\",\"start\":\"2026-01-01T00:00:00Z\",\"memberId\":\"ATK-1001\"}";
  }

  /** {@link #ORGANISATION} of {@code tenant}, stored as the tenant-admin WAR (not here) would. */
  private static void organisation(String tenant) {
    org.bson.Document key =
        new org.bson.Document("tenantId", tenant).append("organisationId", ORGANISATION);
    Stores.data()
        .getDatabase("phi_tenants")
        .getCollection("organisations")
        .replaceOne(
            key,
            new org.bson.Document(key)
                .append("displayName", "Attack client")
                .append("kind", "CLIENT")
                .append("parentId", null)
                .append("status", "ACTIVE")
                .append("version", 1L)
                .append("createdAt", new java.util.Date())
                .append("updatedAt", new java.util.Date()),
            new com.mongodb.client.model.ReplaceOptions().upsert(true));
  }

  private static Tokens.Builder physician(String tenant) {
    return Tokens.of(Tokens.subject("physician"), "physician").tenant(tenant);
  }

  /** {@code token} with {@code from} replaced by {@code to} in its payload; signature kept. */
  private static String alter(String token, String from, String to) {
    String[] parts = token.split("\\.");
    Base64.Decoder dec = Base64.getUrlDecoder();
    String payload = new String(dec.decode(parts[1]), StandardCharsets.UTF_8);
    assertThat(payload).contains(from);
    String altered =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(payload.replace(from, to).getBytes(StandardCharsets.UTF_8));
    return parts[0] + "." + altered + "." + parts[2];
  }

  private static String randomMrn() {
    return "MRN-ATK" + (10_000_000 + RANDOM.nextInt(90_000_000));
  }

  private static String randomId() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Map<String, List<String>> identityAndClinical() {
    Map<String, List<String>> all = Stores.snapshot(Stores.data(), "phi_identity", "phi_clinical");
    // The links this suite made itself for its patient tokens are set-up, not changes.
    all.computeIfPresent(
        "phi_identity.patient_links",
        (k, docs) ->
            docs.stream()
                .filter(d -> LINKED_BY_TEST.stream().noneMatch(s -> d.contains("\"" + s + "\"")))
                .toList());
    return all;
  }

  private static JsonObject parse(String json) {
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  /** JSON pointers of every member and array item of {@code value}, nested ones included. */
  private static List<String> pointers(JsonValue value, String at) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonObject o) {
      for (Map.Entry<String, JsonValue> e : o.entrySet()) {
        out.add(at + "/" + e.getKey());
        out.addAll(pointers(e.getValue(), at + "/" + e.getKey()));
      }
    } else if (value instanceof JsonArray arr) {
      for (int i = 0; i < arr.size(); i++) {
        out.add(at + "/" + i);
        out.addAll(pointers(arr.get(i), at + "/" + i));
      }
    }
    return out;
  }

  /** JSON pointers of every object in {@code value} ("" for the top). */
  private static List<String> objectPointers(JsonValue value, String at) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonObject o) {
      out.add(at);
      o.forEach((k, v) -> out.addAll(objectPointers(v, at + "/" + k)));
    } else if (value instanceof JsonArray arr) {
      for (int i = 0; i < arr.size(); i++) {
        out.addAll(objectPointers(arr.get(i), at + "/" + i));
      }
    }
    return out;
  }

  private static JsonValue replace(JsonObject doc, String pointer, JsonValue with) {
    return Json.createPointer(pointer).replace(doc, with);
  }

  private static JsonValue addKey(JsonObject doc, String pointer, String key, JsonValue value) {
    String escaped = key.replace("~", "~0").replace("/", "~1");
    return Json.createPointer(pointer + "/" + escaped).add(doc, value);
  }

  private static byte[] splice(byte[] body, byte[] marker, byte[] with) {
    String latin = new String(body, StandardCharsets.ISO_8859_1);
    int at = latin.indexOf(new String(marker, StandardCharsets.ISO_8859_1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(body, 0, at);
    out.writeBytes(with);
    out.write(body, at + marker.length, body.length - at - marker.length);
    return out.toByteArray();
  }

  private static URL url(java.net.URI uri) {
    try {
      return uri.toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }
}
