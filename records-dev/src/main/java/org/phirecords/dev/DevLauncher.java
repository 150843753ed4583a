package org.phirecords.dev;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts PHI Records for development: the embedded MongoDB-wire store persisted under the data
 * folder (unless {@code RECORDS_MONGODB_URI} names a real MongoDB), both WARs on Payara Micro in
 * development mode, a demo tenant with demo users, and prints how to sign in. Ctrl-C stops
 * everything; a second start keeps the data.
 *
 * <p>Settings come from options or, for the start command ({@code ./start.sh}, profile {@code
 * start} of this module), from system properties {@code demo.*}.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "DevLauncher",
    sortOptions = false,
    description = "Starts PHI Records for development (synthetic data only).")
public final class DevLauncher implements Callable<Integer> {
  private static final Logger OUT = ConsoleLog.named("phi-records-dev");

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "${sys:demo.data:-data}",
      description =
          "Data folder: store, logs, keys (default: ${DEFAULT-VALUE}; system property demo.data).")
  Path data;

  @Option(
      names = "--runtime",
      paramLabel = "DIR",
      defaultValue = "${sys:demo.runtime:-records-dev/target/runtime}",
      description =
          "Folder of payara-micro.jar and the WARs"
              + " (default: ${DEFAULT-VALUE}; system property demo.runtime).")
  Path runtime;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "${sys:demo.port:-8080}",
      description =
          "HTTP port of Payara Micro (default: ${DEFAULT-VALUE}; system property demo.port).")
  int port;

  @Option(
      names = "--store-port",
      paramLabel = "PORT",
      defaultValue = "${sys:demo.store.port:-27018}",
      description =
          "Port of the embedded store (default: ${DEFAULT-VALUE}; system property demo.store.port).")
  int storePort;

  DevLauncher() {}

  /** Entry point; exits non-zero on bad arguments (2) or a failed start (1). */
  public static void main(String[] args) {
    int exit = new CommandLine(new DevLauncher()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  @Override
  public Integer call() throws Exception {
    Path data = this.data.toAbsolutePath().normalize();
    Files.createDirectories(data);

    String uri = System.getenv("RECORDS_MONGODB_URI");
    boolean embedded = uri == null || uri.isBlank();
    OUT.info(
        embedded
            ? "Embedded MongoDB-wire store on 127.0.0.1:" + storePort + ", data in " + data
            : "Using the MongoDB named by RECORDS_MONGODB_URI");
    OUT.info(
        "Starting Payara Micro on port " + port + " (log: " + data.resolve("payara.log") + ") ...");
    LocalModule module =
        new LocalModule(
            data,
            runtime,
            List.of(runtime.resolve("records-web.war"), runtime.resolve("tenant-admin.war")),
            port,
            embedded ? new H2Backend(data.resolve("store.mv").toString()) : null,
            storePort,
            uri,
            "768m",
            Map.of());
    Runtime.getRuntime().addShutdownHook(new Thread(module::close));
    DevTokens tokens = module.tokens();
    module.awaitReady("/tenant-admin/api/tenants", 401, Duration.ofMinutes(4));
    List<String> patients = new DemoSeed(port).seed(tokens);
    OUT.info(instructions(port, tokens, patients));
    writeEnvFile(data, port, storePort, tokens, patients);
    int exit = module.payara().waitFor();
    OUT.info("Payara Micro exited with status " + exit);
    return 0;
  }

  /** The tokens and addresses for scripts (scripts/verify-no-plaintext.sh): development only. */
  private static void writeEnvFile(
      Path data, int port, int storePort, DevTokens tokens, List<String> patients)
      throws java.io.IOException {
    String tenant = DemoSeed.TENANT;
    Files.writeString(
        data.resolve("demo.env"),
        String.join(
            "\n",
            "# Written by the development launcher: synthetic demo data only.",
            "API=http://localhost:" + port + "/records-web/api",
            "STORE_URI=mongodb://127.0.0.1:" + storePort,
            "PHYSICIAN=" + tokens.mint("demo-physician", "physician", tenant, null),
            "PATIENT_IDS=\"" + String.join(" ", patients) + "\"",
            ""));
  }

  private static String instructions(int port, DevTokens tokens, List<String> patients) {
    String tenant = DemoSeed.TENANT;
    String physician = tokens.mint("demo-physician", "physician", tenant, null);
    String billing = tokens.mint("demo-billing", "billing", tenant, null);
    String patient = tokens.mint("demo-patient", "patient", tenant, null);
    String officer = tokens.mint("demo-privacy-officer", "privacy-officer", tenant, null);
    String tenantAdmin = tokens.mint("demo-tenant-admin", "tenant-admin", tenant, null);
    String platformAdmin = tokens.mint("demo-platform-admin", "platform-admin", null, null);
    // A second administrator approves grants of PHI roles (ADR 22, 29); a client's physician
    // holds no role but what grants give the group "client-a-staff" (ADR 27).
    String secondAdmin = tokens.mint("demo-tenant-admin-2", "tenant-admin", tenant, null);
    String clientAPhysician =
        tokens.mint("demo-client-a-physician", "client-a-staff", tenant, null);
    String analyst = tokens.mint("demo-analyst", "analyst", tenant, null);
    String api = "http://localhost:" + port + "/records-web/api";
    return String.join(
        "\n",
        "",
        "================================================================================",
        " PHI Records is running in DEVELOPMENT MODE (synthetic data only)",
        "================================================================================",
        " Records API:   " + api,
        " Tenant admin:  http://localhost:" + port + "/tenant-admin/api/tenants",
        " Admin pages:   http://localhost:" + port + "/tenant-admin/  (paste a token below)",
        " Patient portal: http://localhost:"
            + port
            + "/records-web/portal/  (demo sign-in: paste $PATIENT below)",
        " OpenAPI:       http://localhost:" + port + "/openapi",
        " Health:        http://localhost:" + port + "/health",
        " Demo tenant:   " + tenant + "   demo patient ids: " + String.join(", ", patients),
        "",
        " Tokens (development key, valid 8 hours):",
        "   export PHYSICIAN=" + physician,
        "   export BILLING=" + billing,
        "   export PATIENT="
            + patient
            + "   # linked to "
            + patients.get(0)
            + " (the demo seed redeemed an invitation)",
        "   export PRIVACY_OFFICER=" + officer,
        "   export TENANT_ADMIN=" + tenantAdmin,
        "   export PLATFORM_ADMIN=" + platformAdmin,
        "   export SECOND_TENANT_ADMIN=" + secondAdmin,
        "   export CLIENT_A_PHYSICIAN="
            + clientAPhysician
            + "   # group client-a-staff: no role until a grant gives one (docs/tour.md)",
        "   export ANALYST=" + analyst + "   # counts only, on de-identified data (docs/tour.md)",
        "",
        " Try:",
        "   curl -H \"Authorization: Bearer $PHYSICIAN\" " + api + "/patients/" + patients.get(0),
        "   curl -H \"Authorization: Bearer $PHYSICIAN\" "
            + api
            + "/patients/"
            + patients.get(0)
            + "/entries",
        "   curl -H \"Authorization: Bearer $BILLING\" "
            + api
            + "/billing/patients/"
            + patients.get(0),
        "   curl -H \"Authorization: Bearer $PATIENT\" "
            + api
            + "/patients/"
            + patients.get(1)
            + "   # 404: not their record",
        "   curl -X POST -H \"Authorization: Bearer $PHYSICIAN\" -H 'Content-Type: application/json'"
            + " -d '{\"mrn\":\"DEMO-0002\"}' "
            + api
            + "/patients/search",
        "   curl -X POST -H \"Authorization: Bearer $PHYSICIAN\" "
            + api
            + "/patients/"
            + patients.get(1)
            + "/invitations   # a one-time code for a patient user to link to that record",
        "",
        " Ctrl-C stops the module; the data stays in the data folder for the next start.",
        "================================================================================");
  }
}
