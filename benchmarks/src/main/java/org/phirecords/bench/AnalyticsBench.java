package org.phirecords.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.bson.Document;
import org.phirecords.dev.LocalHttp;
import org.phirecords.dev.LocalModule;
import org.phirecords.internal.meter.CommandKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The analytics benchmark (ADR 45, issue 26): a count of entries by code and by month over N facts
 * of one tenant, asked through the real API ({@code POST /api/analytics/queries}) of the module on
 * Payara Micro, with the store commands it cost from the module's driver command meter. Seeding N
 * entries through the API would take hours, so the facts are inserted in bulk straight into {@code
 * analytics_facts} through the development wiring (the store's connection string), in the form the
 * projection writes: 40 codes, 24 months, 5 facts per pseudonymous patient. The query reads only
 * that collection. Over the embedded store, which scans where MongoDB uses the {@code tenant_month}
 * index, the time says little; the command count is the figure. Run it with {@code
 * scripts/bench-analytics.sh}; {@code --mongodb-uri} measures on a real MongoDB.
 */
@Command(
    name = "bench-analytics",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Analytics count-by-code-by-month benchmark (scripts/bench-analytics.sh).")
public final class AnalyticsBench implements Callable<Integer> {
  static final String TENANT = "bench-analytics";
  static final String ICD = "http://hl7.org/fhir/sid/icd-10-cm";
  static final int CODES = 40;
  static final int MONTHS = 24;
  private static final int BATCH = 10_000;

  @Option(names = "--entries", defaultValue = "1000000", description = "Facts seeded")
  int entries;

  @Option(names = "--runs", defaultValue = "5", description = "Measured queries (after one more)")
  int runs;

  @Option(names = "--mongodb-uri", description = "A real MongoDB instead of the embedded store")
  String mongodbUri;

  @Option(names = "--commit", defaultValue = "unknown", description = "Commit measured")
  String commit;

  @Option(names = "--note", defaultValue = "", description = "Said of the machine in the results")
  String note;

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new AnalyticsBench()).execute(args));
  }

  /** Runs with {@code args} (as on the command line); the figures written. */
  static JsonObject run(String... args) throws Exception {
    AnalyticsBench bench = new AnalyticsBench();
    new CommandLine(bench).parseArgs(args);
    return bench.measure();
  }

  @Override
  public Integer call() throws Exception {
    measure();
    return 0;
  }

  JsonObject measure() throws Exception {
    Path runtime = Path.of(System.getProperty("bench.runtime", "benchmarks/target/runtime"));
    Path results = Path.of(System.getProperty("bench.results", "benchmarks/results"));
    Path work = BenchRun.workDirectory(runtime, "analytics-");
    BenchRun.OUT.info("Starting Payara Micro (log: " + work + "/payara.log) ...");
    try (LocalModule module =
        new LocalModule(
            work,
            runtime,
            List.of(runtime.resolve("records-web.war"), runtime.resolve("tenant-admin.war")),
            LocalHttp.freePort(),
            mongodbUri == null ? new MemoryBackend() : null,
            LocalHttp.freePort(),
            mongodbUri,
            "1g",
            Map.of())) {
      module.awaitReady("/tenant-admin/api/tenants", 401, Duration.ofMinutes(4));
      // The embedded store scans: a query over a million facts takes longer than a request should.
      Http http = new Http(module.base(), Duration.ofMinutes(15));
      var tokens = module.tokens();
      http.ok(
          "POST",
          "/tenant-admin/api/tenants",
          tokens.mint("bench-platform-admin", "platform-admin", null, null),
          "{\"id\":\""
              + TENANT
              + "\",\"displayName\":\"Bench analytics\",\"contact\":\"privacy@bench.example\","
              + "\"residency\":\"local\",\"firstAdmin\":\"bench-admin\"}");
      long seedStart = System.nanoTime();
      seed(module.storeUri(), entries);
      double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
      String analyst = tokens.mint("bench-analyst", "analyst", TENANT, null);
      JsonObject answer = query(http, analyst); // warms up, and is what the runs must equal
      StoreCommands before = StoreCommands.module(http);
      double[] millis = new double[runs];
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        JsonObject again = query(http, analyst);
        millis[i] = (System.nanoTime() - start) / 1e6;
        if (again.getJsonNumber("total").longValue() != entries) {
          throw new IllegalStateException("the query counted " + again.get("total"));
        }
      }
      StoreCommands cost = StoreCommands.module(http).minus(before);
      JsonObject figures = figures(answer, millis, cost, seedSeconds);
      String text = pretty(figures);
      BenchRun.OUT.info(text);
      Files.createDirectories(results);
      Path file =
          results.resolve(
              "analytics-%d-%s-%s.json".formatted(entries, commit, LocalDate.now(ZoneOffset.UTC)));
      Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
      BenchRun.OUT.info("written to " + file);
      return figures;
    }
  }

  /** Count of entries by code and month over the seeded range, through the API. */
  static JsonObject query(Http http, String token) throws Exception {
    String body =
        "{\"measure\":\"entries\",\"dimensions\":[\"code\",\"month\"],"
            + "\"from\":\"2024-01-01\",\"to\":\"2025-12-31\",\"purposeOfUse\":\"HOPERAT\"}";
    try (JsonReader r =
        Json.createReader(
            new StringReader(http.ok("POST", "/records-web/api/analytics/queries", token, body)))) {
      return r.readObject();
    }
  }

  /**
   * Inserts {@code n} facts of {@link #TENANT} in the projection's stored form (development wiring:
   * straight into the store, not through the API), {@link #BATCH} a command.
   */
  static void seed(String uri, int n) {
    Random random = new Random(26);
    YearMonth first = YearMonth.of(2024, 1);
    String[] sexes = {"female", "male", "other", "unknown"};
    try (MongoClient client = MongoClients.create(uri)) {
      MongoCollection<Document> facts =
          client.getDatabase("phi_clinical").getCollection("analytics_facts");
      List<Document> batch = new ArrayList<>(BATCH);
      byte[] key = new byte[32];
      for (int i = 0; i < n; i++) {
        if (i % 5 == 0) {
          random.nextBytes(key);
        }
        YearMonth month = first.plusMonths(random.nextInt(MONTHS));
        int band = random.nextInt(18) * 5;
        batch.add(
            new Document("tenantId", TENANT)
                .append("f", "bench-" + i)
                .append("v", 1L)
                .append("k", HexFormat.of().formatHex(key))
                .append("t", "CONDITION")
                .append(
                    "c",
                    List.of(
                        new Document("s", ICD)
                            .append("c", "B" + (10 + skewed(random, CODES)) + ".0")))
                .append("m", month.toString())
                .append("y", month.getYear())
                .append("a", band + "-" + (band + 4))
                .append("x", sexes[random.nextInt(sexes.length)])
                .append("o", List.of()));
        if (batch.size() == BATCH || i == n - 1) {
          facts.insertMany(batch);
          batch.clear();
        }
      }
    }
  }

  /** A code index in 0..n-1, the first ones more frequent (a few codes dominate real data). */
  private static int skewed(Random random, int n) {
    return (int) Math.min(n - 1, Math.floor(-Math.log(1 - random.nextDouble()) * n / 4));
  }

  private JsonObject figures(JsonObject answer, double[] millis, StoreCommands cost, double seed) {
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    double queries = Math.max(1, runs);
    return Json.createObjectBuilder()
        .add("benchmark", "analytics count by code by month (ADR 45) through the API")
        .add("commit", commit)
        .add("date", LocalDate.now(ZoneOffset.UTC).toString())
        .add("machine", note)
        .add("store", mongodbUri == null ? "embedded (scans; time not comparable)" : "mongodb")
        .add("entries", entries)
        .add("seededInBulkSeconds", round(seed))
        .add("runs", runs)
        .add("cells", answer.getJsonArray("cells").size())
        .add("suppressedCells", answer.getInt("suppressed"))
        .add("medianMillis", round(sorted[sorted.length / 2]))
        .add("maxMillis", round(sorted[sorted.length - 1]))
        .add(
            "storeCommandsPerQuery",
            Json.createObjectBuilder()
                .add("reads", round(cost.commands(CommandKind.READ) / queries))
                .add("writes", round(cost.commands(CommandKind.WRITE) / queries))
                .add("other", round(cost.commands(CommandKind.OTHER) / queries)))
        .add(
            "storeCommandsPerQueryByCollection",
            cost.perOperation(runs).build().get("storeCommandsPerOperationByCollection"))
        .build();
  }

  private static String pretty(JsonObject json) {
    java.io.StringWriter out = new java.io.StringWriter();
    Json.createWriterFactory(Map.of(jakarta.json.stream.JsonGenerator.PRETTY_PRINTING, true))
        .createWriter(out)
        .write(json);
    return out.toString().strip();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
