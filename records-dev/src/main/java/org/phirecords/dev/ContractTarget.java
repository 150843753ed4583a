package org.phirecords.dev;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The target of the contract test ({@code scripts/contract-test.sh}; not run in CI): both WARs on
 * Payara Micro in development mode over a fresh embedded store, the demo tenant seeded as by the
 * start command, and fixtures for every operation of the published OpenAPI document (entries,
 * amendment requests in each state, spare tenants to suspend and offboard, a tenant with a portal
 * client). Writes the addresses, a token per role and the ids as a Postman environment ({@code
 * contract-env.json} in the data folder), then runs until it is stopped.
 *
 * <pre>
 * ContractTarget --data DIR [--runtime records-dev/target/runtime] [--port 0]
 * </pre>
 */
public final class ContractTarget {
  /** The command line; runs the target. */
  @Command(
      mixinStandardHelpOptions = true,
      name = "ContractTarget",
      sortOptions = false,
      description = "Runs the module as the contract test's target (scripts/contract-test.sh).")
  static final class Arguments implements Callable<Integer> {

    @Option(
        names = "--data",
        required = true,
        paramLabel = "DIR",
        description = "Folder of the store, payara.log and contract-env.json.")
    Path data;

    @Option(
        names = "--runtime",
        paramLabel = "DIR",
        defaultValue = "records-dev/target/runtime",
        description = "Folder of payara-micro.jar and the WARs (default: ${DEFAULT-VALUE}).")
    Path runtime;

    @Option(
        names = "--port",
        paramLabel = "PORT",
        defaultValue = "0",
        description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
      run(data.toAbsolutePath(), runtime, port);
      return 0;
    }
  }

  private static final Logger OUT = Logger.getLogger("phi-records-contract");
  private static final String ENTRY =
      """
      {"type":"CONDITION","effectiveDate":"2026-01-15","status":"active",
       "codes":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"E11.9",
                 "display":"Type 2 diabetes mellitus without complications"}],
       "text":"Synthetic contract-test note."}
      """;

  private final LocalHttp http;
  private final String base;

  private ContractTarget(String base) {
    this.base = base;
    this.http = new LocalHttp(base, HttpClient.Version.HTTP_1_1, Duration.ofSeconds(60));
  }

  /** Entry point; exits 2 on bad arguments, 1 if the target fails. */
  public static void main(String[] args) {
    int exit = new CommandLine(new Arguments()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /** Starts the module in {@code data}, seeds it, writes the environment, runs until stopped. */
  private static void run(Path data, Path runtime, int port) throws Exception {
    Files.createDirectories(data);
    if (port == 0) {
      port = LocalHttp.freePort();
    }
    LocalModule module =
        new LocalModule(
            data,
            runtime,
            List.of(runtime.resolve("records-web.war"), runtime.resolve("tenant-admin.war")),
            port,
            new H2Backend(data.resolve("store.mv").toString()),
            LocalHttp.freePort(),
            null,
            "640m",
            // Every operation is called without a token from this one address.
            Map.of("RECORDS_HTTP_AUTH_FAILURES_LIMIT", "1000000"));
    Runtime.getRuntime().addShutdownHook(new Thread(module::close));
    module.awaitReady("/tenant-admin/api/tenants", 401, Duration.ofMinutes(4));
    DevTokens tokens = module.tokens();
    List<String> patients = new DemoSeed(port).seed(tokens);
    Map<String, String> env = new ContractTarget(module.base()).fixtures(tokens, patients);
    Path file = data.resolve("contract-env.json");
    Files.writeString(data.resolve("contract-env.json.tmp"), environment(env));
    Files.move(
        data.resolve("contract-env.json.tmp"), file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    OUT.info("contract target ready at " + module.base() + "; environment in " + file);
    int exit = module.payara().waitFor();
    OUT.info("Payara Micro exited with status " + exit);
  }

  /** Creates what the operations need; returns the Postman variables. */
  private Map<String, String> fixtures(DevTokens tokens, List<String> patients)
      throws IOException, InterruptedException, java.security.GeneralSecurityException {
    String tenant = DemoSeed.TENANT;
    String patientId = patients.get(0);
    String physician = tokens.mint("contract-physician", "physician", tenant, null);
    String patient = tokens.mint("contract-patient", "patient", tenant, null);
    String platform = tokens.mint("contract-platform-admin", "platform-admin", null, null);
    Map<String, String> v = new LinkedHashMap<>();
    v.put("baseUrl", base);
    v.put("physicianToken", physician);
    v.put("billingToken", tokens.mint("contract-billing", "billing", tenant, null));
    v.put("patientToken", patient);
    v.put(
        "privacyOfficerToken",
        tokens.mint("contract-privacy-officer", "privacy-officer", tenant, null));
    v.put("tenantAdminToken", tokens.mint("contract-tenant-admin", "tenant-admin", tenant, null));
    v.put("analystToken", tokens.mint("contract-analyst", "analyst", tenant, null));
    v.put("platformAdminToken", platform);
    // Dual control: an offboarding is approved by another administrator than its requester.
    v.put(
        "secondPlatformAdminToken",
        tokens.mint("contract-platform-admin-2", "platform-admin", null, null));
    v.put("tenantId", tenant);
    v.put("patientId", patientId);
    v.put("updatePatientId", patients.get(patients.size() - 1));
    v.put("mrn", "DEMO-0001");
    // The contract patient is linked like any patient user (ADR 17); another user gets a code to
    // redeem in the run, for another record; a third record is unlinked in the run.
    DemoSeed.link(http, physician, patient, patientId);
    v.put("inviteePatientId", patients.get(1));
    v.put("linkPatientToken", tokens.mint("contract-link-patient", "patient", tenant, null));
    v.put("invitationCode", DemoSeed.invitation(http, physician, patients.get(1)));
    v.put("unlinkPatientId", patients.get(2));
    // Personal representatives (ADR 46): a guardian for the physician to revoke in the run, a
    // caregiver the contract patient granted, for them to revoke.
    String guardian =
        "{\"subject\":\"contract-guardian\",\"relationship\":\"GUARDIAN\","
            + "\"scope\":\"WHOLE_RECORD\",\"expiry\":\"2036-01-01T00:00:00Z\"}";
    v.put(
        "proxyGrantId",
        LocalHttp.id(
            expect(
                http.send(
                    "POST",
                    "/records-web/api/patients/" + patientId + "/proxies",
                    physician,
                    guardian),
                201)));
    String carer =
        guardian.replace("contract-guardian", "contract-carer").replace("GUARDIAN", "CAREGIVER");
    v.put(
        "caregiverGrantId",
        LocalHttp.id(
            expect(
                http.send("POST", "/records-web/api/portal/proxies/caregivers", patient, carer),
                201)));

    String entries = "/records-web/api/patients/" + patientId + "/entries";
    String[] names = {"entryId", "updateEntryId", "accept", "deny", "extend", "denied"};
    Map<String, String> entryIds = new LinkedHashMap<>();
    for (String name : names) {
      entryIds.put(name, LocalHttp.id(expect(http.send("POST", entries, physician, ENTRY), 201)));
    }
    v.put("entryId", entryIds.get("entryId"));
    v.put("updateEntryId", entryIds.get("updateEntryId"));
    v.put("acceptEntryId", entryIds.get("accept"));
    // Entered-in-error (ADR 36): an entry to mark, and a registration without entries to mark.
    v.put("deleteEntryId", LocalHttp.id(expect(http.send("POST", entries, physician, ENTRY), 201)));
    String withoutEntries =
        "{\"mrn\":\"CT-EIE-0001\",\"givenName\":\"Eie\",\"familyName\":\"Contract\","
            + "\"birthDate\":\"1980-01-01\",\"sex\":\"female\"}";
    v.put(
        "deletePatientId",
        LocalHttp.id(
            expect(
                http.send("POST", "/records-web/api/patients", physician, withoutEntries), 201)));
    // Merge (ADR 36): two registrations of one synthetic person, merged and the merge undone.
    for (String name : List.of("mergeSurvivorId", "mergedPatientId")) {
      String mrn = name.equals("mergeSurvivorId") ? "CT-MRG-0001" : "CT-MRG-0002";
      String json = withoutEntries.replace("CT-EIE-0001", mrn);
      v.put(
          name,
          LocalHttp.id(
              expect(http.send("POST", "/records-web/api/patients", physician, json), 201)));
    }
    String amendments = "/records-web/api/patients/" + patientId + "/amendments";
    for (String kind : List.of("accept", "deny", "extend", "denied")) {
      String body =
          "{\"entryId\":\""
              + entryIds.get(kind)
              + "\",\"reason\":\"Synthetic: the code is wrong.\"}";
      v.put(
          kind + "AmendmentId",
          LocalHttp.id(expect(http.send("POST", amendments, patient, body), 201)));
    }
    v.put("amendmentId", v.get("extendAmendmentId"));
    expect(
        http.send(
            "POST",
            "/records-web/api/amendments/" + v.get("deniedAmendmentId") + "/denial",
            physician,
            "{\"reason\":\"Synthetic: the entry is correct.\"}"),
        200);

    // Dual control of group mappings (ADR 22): two grants of a PHI role wait for approval, one for
    // another tenant admin to approve in the run, one for its requester to withdraw.
    String tenantAdmin = v.get("tenantAdminToken");
    v.put(
        "secondTenantAdminToken",
        tokens.mint("contract-tenant-admin-2", "tenant-admin", tenant, null));
    String mapping = "/tenant-admin/api/settings/group-mapping";
    expect(http.send("PUT", mapping, tenantAdmin, GRANTS), 200);
    // The token endpoint its SMART configuration publishes (ADR 42).
    expect(
        http.send(
            "PUT",
            "/tenant-admin/api/settings/system-clients",
            tenantAdmin,
            "{\"clients\":[],\"tokenEndpoint\":\"https://idp.contract.example/oauth2/token\"}"),
        200);
    String changes = expect(http.send("GET", mapping + "/changes", tenantAdmin, null), 200).body();
    v.put("approveChangeId", changeId(changes, "contract-approve"));
    v.put("withdrawChangeId", changeId(changes, "contract-withdraw"));

    String tenants = "/tenant-admin/api/tenants";
    for (String spare : List.of("contract-lifecycle", "contract-offboard")) {
      expect(http.send("POST", tenants, platform, onboarding(spare, null)), 201);
    }
    // A pending offboarding of the lifecycle tenant, for the cancellation to withdraw.
    expect(http.send("POST", tenants + "/contract-lifecycle/offboarding", platform, null), 200);
    v.put("lifecycleTenantId", "contract-lifecycle");
    v.put("offboardTenantId", "contract-offboard");
    v.put("newTenantId", "contract-new");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem =
        "-----BEGIN PUBLIC KEY-----\\n"
            + Base64.getEncoder()
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded())
            + "\\n-----END PUBLIC KEY-----";
    expect(
        http.send(
            "POST",
            tenants,
            platform,
            onboarding(
                "contract-portal",
                "{\"issuer\":\"https://idp.contract-portal.example\",\"publicKeyPem\":\""
                    + pem
                    + "\",\"portalClientId\":\"phi-portal\"}")),
        201);
    v.put("portalTenantId", "contract-portal");
    organisations(v, patientId, physician);
    exports(v, tokens.mint("contract-exporter", "physician", tenant, null));
    imports(v, tokens.mint("contract-importer", "physician", tenant, null));
    datasets(v, tokens.mint("contract-dataset-analyst", "analyst", tenant, null));
    // Saved analytics queries (ADR 45): one to read, change and run, one to delete.
    String query =
        "{\"measure\":\"patients\",\"dimensions\":[\"code\",\"month\"],"
            + "\"from\":\"2024-01-01\",\"to\":\"2025-12-31\",\"purposeOfUse\":\"HOPERAT\"}";
    for (String name : List.of("savedQueryId", "deleteSavedQueryId")) {
      String body = "{\"name\":\"Contract " + name + "\",\"query\":" + query + "}";
      v.put(
          name,
          LocalHttp.id(
              expect(
                  http.send(
                      "POST",
                      "/records-web/api/analytics/saved-queries",
                      v.get("analystToken"),
                      body),
                  201)));
    }
    // A copy the patient directed to a third party, awaiting confirmation (ADR 47).
    v.put(
        "copyId",
        LocalHttp.id(
            expect(
                http.send(
                    "POST",
                    "/records-web/api/patients/" + patientId + "/directed-copies",
                    patient,
                    "{\"recipient\":\"new-doctor@example.org\"}"),
                201)));
    return v;
  }

  /**
   * De-identified datasets (ADR 44) of an analyst of their own: one completed (status, its patients
   * file, downloaded once by the run), one to cancel, one relinkable (the re-linking requests).
   */
  private void datasets(Map<String, String> v, String token)
      throws IOException, InterruptedException {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    for (String name : List.of("datasetId", "deleteDatasetId", "relinkDatasetId")) {
      HttpResponse<String> started =
          client.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(base + "/records-web/api/analytics/datasets"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          "{\"format\":\"ndjson\",\"from\":\""
                              + java.time.LocalDate.now().minusYears(9)
                              + "\",\"to\":\""
                              + java.time.LocalDate.now()
                              + (name.startsWith("relink") ? "\",\"relinkable\":true}" : "\"}")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String status = expect(started, 202).headers().firstValue("Location").orElseThrow();
      for (int i = 0; i < 240; i++) {
        HttpResponse<String> polled =
            client.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(status))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (!expect(polled, 200).body().contains("\"RUNNING\"")) {
          break;
        }
        Thread.sleep(500);
      }
      v.put(name, status.substring(status.lastIndexOf('/') + 1));
    }
    v.put("datasetAnalystToken", token);
  }

  /**
   * Bulk exports (ADR 38) of a client of their own, so that the contract run's kick-offs stay
   * within the per-client limit: one completed (status 200, its Patient file), one to delete.
   */
  private void exports(Map<String, String> v, String token)
      throws IOException, InterruptedException {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    for (String name : List.of("exportId", "deleteExportId")) {
      HttpResponse<String> started =
          client.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(base + "/records-web/api/fhir/$export?_type=Patient"))
                  .header("Authorization", "Bearer " + token)
                  .header("Prefer", "respond-async")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String status = expect(started, 202).headers().firstValue("Content-Location").orElseThrow();
      for (int i = 0; i < 240; i++) {
        HttpResponse<String> polled =
            client.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(status))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (polled.statusCode() == 200) {
          break;
        }
        expect(polled, 202);
        Thread.sleep(500);
      }
      v.put(name, status.substring(status.lastIndexOf('/') + 1));
    }
    v.put("exporterToken", token);
  }

  /**
   * Bulk import jobs (ADR 40) of a client of their own: one taking chunks (upload, status), one
   * with its only chunk uploaded (start), one to cancel.
   */
  private void imports(Map<String, String> v, String token)
      throws IOException, InterruptedException {
    String path = "/records-web/api/import-jobs";
    String files = "{\"files\":[{\"type\":\"Patient\",\"chunks\":1}]}";
    for (String name : List.of("importJobId", "startJobId", "cancelJobId")) {
      v.put(name, LocalHttp.id(expect(http.send("POST", path, token, files), 201)));
    }
    expect(
        http.send("PUT", path + "/" + v.get("startJobId") + "/files/0/chunks/0", token, "\n"), 200);
    v.put("importerToken", token);
  }

  /**
   * The organisation tree of the demo tenant (ADR 25): a client holding the contract patient's
   * membership, one organisation to move, one to suspend and reactivate, one to close.
   */
  private void organisations(Map<String, String> v, String patientId, String physician)
      throws IOException, InterruptedException {
    String path = "/tenant-admin/api/organisations";
    for (String id :
        List.of("contract-client", "contract-move", "contract-suspend", "contract-close")) {
      String body =
          "{\"id\":\"" + id + "\",\"displayName\":\"Contract " + id + "\",\"kind\":\"CLIENT\"}";
      expect(http.send("POST", path, v.get("tenantAdminToken"), body), 201);
    }
    v.put("organisationId", "contract-client");
    v.put("moveOrganisationId", "contract-move");
    v.put("suspendOrganisationId", "contract-suspend");
    v.put("closeOrganisationId", "contract-close");
    v.put("newOrganisationId", "contract-new-group");
    grants(v);
    String membership = "{\"organisation\":\"contract-client\",\"start\":\"2026-01-01T00:00:00Z\"}";
    v.put(
        "membershipId",
        LocalHttp.id(
            expect(
                http.send(
                    "POST",
                    "/records-web/api/patients/" + patientId + "/memberships",
                    physician,
                    membership),
                201)));
    // A place on the contract patient's care team to end (ADR 30).
    v.put(
        "careTeamMemberId",
        LocalHttp.id(
            expect(
                http.send(
                    "POST",
                    "/records-web/api/patients/" + patientId + "/care-team",
                    physician,
                    "{\"subject\":\"dr-contract-ended\"}"),
                201)));
    // Break-glass (ADR 28): one declaration to acknowledge, one to flag.
    String declaration =
        "{\"reason\":\"LIFE_THREATENING\",\"justification\":\"Synthetic contract emergency.\"}";
    for (String kind : List.of("acknowledge", "flag")) {
      v.put(
          kind + "DeclarationId",
          LocalHttp.id(
              expect(
                  http.send(
                      "POST",
                      "/records-web/api/patients/" + patientId + "/emergency-access",
                      physician,
                      declaration),
                  201)));
    }
  }

  /**
   * Grants at the contract client (ADR 29): one in force to read, one pending for the second tenant
   * admin to approve in the run, one for the first to revoke.
   */
  private void grants(Map<String, String> v) throws IOException, InterruptedException {
    String admin = v.get("tenantAdminToken");
    String path = "/tenant-admin/api/grants";
    String[][] grants = {
      {"grantId", "SUBJECT", "contract-officer", "privacy-officer"},
      {"approveGrantId", "GROUP", "contract-grant-approve", "physician"},
      {"revokeGrantId", "GROUP", "contract-grant-revoke", "billing"}
    };
    for (String[] g : grants) {
      String body =
          "{\"principalKind\":\""
              + g[1]
              + "\",\"principal\":\""
              + g[2]
              + "\",\"role\":\""
              + g[3]
              + "\",\"organisation\":\"contract-client\"}";
      v.put(g[0], LocalHttp.id(expect(http.send("POST", path, admin, body), 201)));
    }
  }

  /** Two groups that are to gain a PHI role: each becomes a pending change. */
  private static final String GRANTS =
      "{\"groups\":[{\"group\":\"contract-approve\",\"roles\":[\"physician\"]},"
          + "{\"group\":\"contract-withdraw\",\"roles\":[\"billing\"]}]}";

  /** The id of the pending change of {@code group} in a list of changes. */
  private static String changeId(String changes, String group) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "\"id\":\"([A-Za-z0-9_-]{22})\",\"group\":\"" + group + "\"")
            .matcher(changes);
    if (!m.find()) {
      throw new IllegalStateException("fixture failed: no pending change of " + group);
    }
    return m.group(1);
  }

  private static String onboarding(String id, String identityProvider) {
    return "{\"id\":\""
        + id
        + "\",\"displayName\":\"Contract "
        + id
        + "\",\"contact\":\"privacy@"
        + id
        + ".example\",\"residency\":\"local\",\"firstAdmin\":\"contract-admin\""
        + (identityProvider == null ? "" : ",\"identityProvider\":" + identityProvider)
        + "}";
  }

  /** A Postman environment holding {@code variables}. */
  private static String environment(Map<String, String> variables) {
    StringBuilder json = new StringBuilder("{\"name\":\"phi-records-contract\",\"values\":[");
    String separator = "";
    for (Map.Entry<String, String> e : variables.entrySet()) {
      json.append(separator)
          .append("{\"key\":\"")
          .append(e.getKey())
          .append("\",\"value\":\"")
          .append(e.getValue())
          .append("\",\"enabled\":true}");
      separator = ",";
    }
    return json.append("]}\n").toString();
  }

  private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          "fixture failed: "
              + response.request().method()
              + " "
              + response.request().uri().getPath()
              + ": HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
    return response;
  }
}
