package org.phirecords.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.dev.ConsoleLog;
import org.phirecords.dev.LocalHttp;
import org.phirecords.dev.LocalModule;
import org.phirecords.internal.clinical.ClinicalDocuments;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.meter.CommandMeter;
import org.phirecords.internal.store.MongoStores;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.model.TenantId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * One benchmark run: starts the module (records-web, tenant-admin) and the bare baseline WAR on one
 * Payara Micro over one in-memory MongoDB-wire store, loads synthetic data through both, drives
 * each scenario at each concurrency against the secured module, the baseline WAR and the raw driver
 * in turn, and writes {@code results/latest.json}, a timestamped copy and {@code
 * results/chart.png}.
 *
 * <p>Arguments: {@code --smoke} (tiny, for the build), {@code --tenants N}, {@code --patients N},
 * {@code --entries N}, {@code --concurrency 1,8,32}, {@code --seconds S}, {@code --warmup S},
 * {@code --jit-warmup S} (every reading scenario on every side for S seconds before anything is
 * measured), {@code --grow-to N} (then measure lookups again at N patients, loaded through the
 * API), {@code --bulk-to N} (then again at N patients, the rest written by {@link BulkPatients};
 * 1,000,000 by default, 0 to skip), {@code --no-micro}, {@code --scenarios a,b} (only these, e.g.
 * to profile one; all by default), {@code --organisations N} (also an organised tenant of N
 * organisations whose scoped callers are measured against the flat tenants' callers: {@link
 * ScopeComparison}; 0 by default, 20 in a smoke). {@code --redraw FILE} instead draws the chart of
 * earlier results again. {@code --peer hapi} also compares the module with HAPI FHIR's JPA server
 * ({@link PeerComparison}; built only under the profile {@code peer}).
 */
public final class BenchRun {
  /** The run's console: settings, progress and figures (synthetic data only, never values). */
  static final Logger OUT = ConsoleLog.named("phi-records-bench");

  private static final Pattern USED_HEAP =
      Pattern.compile("(?m)^(?:base_)?memory_usedHeap_bytes(?:\\{[^}]*\\})?\\s+([0-9.eE+]+)");

  /** The settings of a run. */
  record Options(
      int tenants,
      int patients,
      int entries,
      int[] concurrency,
      double seconds,
      double warmup,
      double jitWarmup,
      int growTo,
      int bulkTo,
      boolean micro,
      boolean smoke,
      List<String> scenarios,
      int organisations,
      String peer) {
    /** The settings {@code args} give; throws picocli's ParameterException on bad arguments. */
    static Options parse(String... args) {
      Arguments a = new Arguments();
      new CommandLine(a).parseArgs(args);
      return a.options();
    }

    /** The scenarios to measure, in the order of {@link Scenarios#ALL}. */
    List<Scenarios.Scenario> selected() {
      List<Scenarios.Scenario> chosen =
          Scenarios.ALL.stream().filter(s -> scenarios.contains(s.name())).toList();
      if (chosen.size() != scenarios.size()) {
        throw new IllegalArgumentException(
            "unknown scenario in " + scenarios + "; known: " + Scenarios.ALL);
      }
      return chosen;
    }
  }

  /** The command line: an option left out takes the default of a full run, or of a smoke. */
  @Command(
      mixinStandardHelpOptions = true,
      name = "bench",
      sortOptions = false,
      description =
          "Measures the module against the baseline WAR, the floor and the raw driver in one"
              + " run; writes results/latest.json, a timestamped copy and chart.png"
              + " (scripts/bench.sh).")
  static final class Arguments implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--smoke", description = "Tiny, for the build; changes the defaults below.")
    boolean smoke;

    @Option(names = "--tenants", paramLabel = "N", description = "Tenants (4; smoke 1).")
    Integer tenants;

    @Option(
        names = "--patients",
        paramLabel = "N",
        description = "Patients loaded through the API (10000; smoke 20).")
    Integer patients;

    @Option(names = "--entries", paramLabel = "N", description = "Entries per patient (3).")
    Integer entries;

    @Option(
        names = "--concurrency",
        paramLabel = "C",
        split = ",",
        description = "Concurrency levels, comma-separated (1,8,32; smoke 1,2).")
    int[] concurrency;

    @Option(
        names = "--seconds",
        paramLabel = "S",
        description = "Measured seconds per scenario, side and level (20; smoke 1).")
    Double seconds;

    @Option(
        names = "--warmup",
        paramLabel = "S",
        description = "Warm-up seconds before each measurement (5; smoke 1).")
    Double warmup;

    @Option(
        names = "--jit-warmup",
        paramLabel = "S",
        description = "Every reading scenario on every side first, for S seconds (5; smoke 1).")
    Double jitWarmup;

    @Option(
        names = "--grow-to",
        paramLabel = "N",
        description = "Then measure lookups at N patients loaded through the API (0: skip).")
    Integer growTo;

    @Option(
        names = "--bulk-to",
        paramLabel = "N",
        description =
            "Then measure lookups at N patients, bulk-written (1000000; smoke 60; 0: skip).")
    Integer bulkTo;

    @Option(names = "--no-micro", description = "Skip the JMH microbenchmarks.")
    boolean noMicro;

    @Option(
        names = "--scenarios",
        paramLabel = "NAME",
        split = ",",
        description = "Only these scenarios, comma-separated (all).")
    List<String> scenarios;

    @Option(
        names = "--organisations",
        paramLabel = "N",
        description =
            "Also an organised tenant of N organisations: scoped callers against flat ones"
                + " (0: skip; smoke 20).")
    Integer organisations;

    @Option(
        names = "--peer",
        paramLabel = "NAME",
        description =
            "Also measure a peer side by side: hapi (HAPI FHIR's JPA server; build with the"
                + " profile peer).")
    String peer;

    @Option(
        names = "--redraw",
        paramLabel = "FILE",
        description = "Instead of a run, draw the chart of FILE in the results folder again.")
    String redraw;

    Options options() {
      return new Options(
          or(tenants, smoke ? 1 : 4),
          or(patients, smoke ? 20 : 10_000),
          or(entries, 3),
          concurrency != null ? concurrency : smoke ? new int[] {1, 2} : new int[] {1, 8, 32},
          or(seconds, smoke ? 1.0 : 20.0),
          or(warmup, smoke ? 1.0 : 5.0),
          or(jitWarmup, smoke ? 1.0 : 5.0),
          or(growTo, 0),
          or(bulkTo, smoke ? 60 : 1_000_000),
          !noMicro,
          smoke,
          scenarios != null
              ? List.copyOf(scenarios)
              : Scenarios.ALL.stream().map(Scenarios.Scenario::name).toList(),
          or(organisations, smoke ? 20 : 0),
          peer());
    }

    private String peer() {
      if (peer != null && !peer.equals("hapi")) {
        throw new ParameterException(spec.commandLine(), "unknown peer " + peer + "; known: hapi");
      }
      return peer;
    }

    @Override
    public Integer call() throws Exception {
      if (redraw != null) {
        redraw(resultsFolder().resolve(redraw));
        return 0;
      }
      Options o = options();
      try {
        o.selected(); // an unknown scenario is refused before anything starts
      } catch (IllegalArgumentException unknown) {
        throw new ParameterException(spec.commandLine(), unknown.getMessage());
      }
      JsonObject results = run(o);
      OUT.info(summary(results));
      return 0;
    }

    private static <T> T or(T value, T fallback) {
      return value != null ? value : fallback;
    }
  }

  private BenchRun() {}

  /**
   * Runs with {@code args} (see {@link Arguments}); results go to the folder of system property
   * {@code bench.results}. Exits 2 on bad arguments, 1 if the run fails.
   */
  public static void main(String[] args) {
    int exit = new CommandLine(new Arguments()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /**
   * Draws the chart of an earlier run's results again, as chart.png beside them ({@code
   * scripts/bench.sh --redraw latest.json}: a file in the results folder).
   */
  static void redraw(Path results) throws IOException {
    JsonObject json;
    try (var reader = Json.createReader(Files.newBufferedReader(results))) {
      json = reader.readObject();
    }
    int concurrency =
        json.getJsonArray("scenarios").getValuesAs(JsonObject.class).stream()
            .mapToInt(row -> row.getInt("concurrency"))
            .max()
            .orElseThrow();
    chart(json, results.resolveSibling("chart.png"), concurrency);
  }

  /** Where results go: system property {@code bench.results}. */
  private static Path resultsFolder() {
    return Path.of(System.getProperty("bench.results", "benchmarks/results"));
  }

  static JsonObject run(Options o) throws Exception {
    Path out = resultsFolder();
    Files.createDirectories(out);
    JsonObjectBuilder result = measure(o);
    if (o.micro()) {
      // After the module and the store are gone: a million patients in this JVM's heap would
      // otherwise make the forks' figures mostly garbage collection.
      System.gc();
      result.add("micro", MicroResults.run(o.smoke()));
    }
    JsonObject json = result.build();
    String text = pretty(json);
    Files.writeString(out.resolve("latest.json"), text);
    Files.writeString(
        out.resolve("bench-" + Instant.now().toString().replace(':', '-') + ".json"), text);
    chart(json, out.resolve("chart.png"), o.concurrency()[o.concurrency().length - 1]);
    return json;
  }

  /**
   * A fresh directory for one run's module, store log and files, beside {@code runtime} (under the
   * build's target directory, which {@code mvn clean} removes), not in the system's temporary
   * directory, which would keep tens of megabytes per run.
   */
  static Path workDirectory(Path runtime, String prefix) throws java.io.IOException {
    Path root = runtime.toAbsolutePath().getParent().resolve("work");
    Files.createDirectories(root);
    return Files.createTempDirectory(root, prefix);
  }

  /**
   * Starts the module and its store, loads, measures every scenario and the lookup growth; the
   * store and its data are unreachable once this returns.
   */
  private static JsonObjectBuilder measure(Options o) throws Exception {
    Path runtime = Path.of(System.getProperty("bench.runtime", "benchmarks/target/runtime"));
    Path work = workDirectory(runtime, "phi-bench");
    int port = LocalHttp.freePort();
    int storePort = LocalHttp.freePort();
    List<Path> wars =
        List.of(
            runtime.resolve("records-web.war"),
            runtime.resolve("tenant-admin.war"),
            runtime.resolve("bench-baseline.war"));
    String storeUri = "mongodb://127.0.0.1:" + storePort + "/?serverSelectionTimeoutMS=3000";
    OUT.info("Starting Payara Micro on port " + port + " (log: " + work + ") ...");
    ProfiledStore store = new ProfiledStore();
    CommandMeter rawMeter = new CommandMeter();
    try (LocalModule module =
            new LocalModule(
                work,
                runtime,
                wars,
                port,
                store,
                storePort,
                null,
                "1g",
                Map.of("BENCH_MONGODB_URI", storeUri));
        MongoClient raw =
            MongoClients.create(
                MongoClientSettings.builder()
                    .applyConnectionString(new ConnectionString(storeUri))
                    .addCommandListener(rawMeter)
                    .build())) {
      module.awaitReady("/tenant-admin/api/tenants", 401, Duration.ofMinutes(4));
      Http http = new Http(module.base());
      DataSet data = new DataSet(http, module.tokens(), o.tenants(), o.entries());
      data.growTo(o.patients(), 8);
      OrganisedTenant organised = null;
      if (o.organisations() > 0) {
        // Before the module first reads this tenant's scope model: its grants are in it at once.
        organised = new OrganisedTenant(http, module.tokens(), raw, o.organisations());
        // As many patients as each flat tenant holds, so that both meet the same sizes.
        organised.load(o.patients() / o.tenants(), o.entries(), 8);
      }
      MongoDatabase baselineDb = raw.getDatabase("bench_baseline");
      Scenarios scenarios =
          new Scenarios(
              http,
              data,
              baselineDb.getCollection("patients"),
              baselineDb.getCollection("entries"),
              rawMeter);

      Duration settled = store.awaitQuiet(Duration.ofMinutes(10));
      OUT.info(
          "store busy for " + settled.toSeconds() + " s after the load (asynchronous audit work)");
      warmUp(scenarios, store, o);
      ScopeComparison comparison =
          organised == null ? null : new ScopeComparison(http, organised, scenarios, store);
      JsonObject probe = null;
      if (comparison != null) {
        probe = comparison.probe();
        OUT.info("scoped callers, one patient in reach and one outside: " + probe);
        comparison.warmUp(compared(o), o.jitWarmup());
        store.awaitQuiet(Duration.ofMinutes(10));
      }
      JsonArrayBuilder scoped = Json.createArrayBuilder();
      // Before any measured write: the creates scenario adds entries on each side at its own speed.
      JsonObject idleScans = idleScans(storeUri, baselineDb.getCollection("entries"), data);
      JsonArrayBuilder heap = Json.createArrayBuilder();
      heap.add(heapSample(http, "after load"));
      JsonArrayBuilder measured = Json.createArrayBuilder();
      CpuMeter meter = new CpuMeter(module.payara().toHandle(), store);
      double payaraIdle = meter.payaraIdleMillisPerSecond(Duration.ofSeconds(o.smoke() ? 1 : 5));
      OUT.info(String.format("Payara idle: %.1f ms of CPU per second", payaraIdle));
      for (Scenarios.Scenario s : o.selected()) {
        if (s.writes() && comparison != null) {
          // Before any write: the flat side's creates would give its patients more entries.
          scoped = comparison.measure(compared(o), o.concurrency(), o.warmup(), o.seconds());
          comparison = null;
        }
        for (int c : o.concurrency()) {
          Map<Scenarios.Side, LoadDriver.Result> bySide = new LinkedHashMap<>();
          Map<Scenarios.Side, CpuMeter.PerOperation> cpu = new LinkedHashMap<>();
          Map<Scenarios.Side, Duration> busyAfter = new LinkedHashMap<>();
          Map<Scenarios.Side, StoreCommands> commands = new LinkedHashMap<>();
          for (Scenarios.Side side : Scenarios.Side.values()) {
            StoreCommands[] before = {StoreCommands.NONE};
            LoadDriver.Result r =
                LoadDriver.run(
                    scenarios.operation(s.name(), side),
                    c,
                    o.warmup(),
                    o.seconds(),
                    () -> {
                      before[0] = commandsOf(side, http, rawMeter);
                      meter.start();
                    });
            bySide.put(side, r);
            cpu.put(side, meter.stop(r.operations()));
            // A side's asynchronous work (the module's audit observers) finishes before the next
            // side starts: it must not slow the next side down, and how long it ran on is shown.
            busyAfter.put(side, store.awaitQuiet(Duration.ofMinutes(10)));
            // Its commands include that work: it is part of what an operation costs.
            commands.put(side, commandsOf(side, http, rawMeter).minus(before[0]));
          }
          JsonObject row = row(s, c, bySide, cpu, busyAfter, commands);
          measured.add(row);
          CpuMeter.PerOperation securedCpu = cpu.get(Scenarios.Side.SECURED);
          CpuMeter.PerOperation baselineCpu = cpu.get(Scenarios.Side.BASELINE_WAR);
          OUT.info(measures(row));
          OUT.info(
              String.format(
                  "%-28s c=%-3d secured %8.1f/s  baseline-war %8.1f/s  floor %8.1f/s"
                      + "  raw %8.1f/s"
                      + "  (store busy %.0f s after the secured side)"
                      + "  CPU us/op Payara+store: secured %.0f+%.0f, baseline-war %.0f+%.0f",
                  s.name(),
                  c,
                  bySide.get(Scenarios.Side.SECURED).throughput(),
                  bySide.get(Scenarios.Side.BASELINE_WAR).throughput(),
                  bySide.get(Scenarios.Side.FLOOR).throughput(),
                  bySide.get(Scenarios.Side.RAW_DRIVER).throughput(),
                  busyAfter.get(Scenarios.Side.SECURED).toMillis() / 1000.0,
                  securedCpu.payaraMicros(),
                  securedCpu.storeMicros(),
                  baselineCpu.payaraMicros(),
                  baselineCpu.storeMicros()));
        }
        heap.add(heapSample(http, "after " + s.name()));
      }
      if (comparison != null) {
        scoped = comparison.measure(compared(o), o.concurrency(), o.warmup(), o.seconds());
      }

      JsonArray storeCollections = collections(raw);
      JsonArray floorChains = floorChains(baselineDb);
      JsonArrayBuilder growth = Json.createArrayBuilder();
      long storeHeap = -1;
      growth.add(lookup(scenarios, data, o, "api"));
      // Before the data grows: the peer meets the size the main table was measured at.
      JsonObject peer =
          o.peer() == null
              ? null
              : PeerComparison.run(
                  new PeerComparison.Module(
                      http,
                      data,
                      module.tokens(),
                      module.keys().publicKey(),
                      module.payara().toHandle(),
                      store),
                  o,
                  work);
      if (o.growTo() > data.patients()) {
        data.growTo(o.growTo(), 8);
        growth.add(lookup(scenarios, data, o, "api"));
      }
      if (o.bulkTo() > data.patients()) {
        try (BulkPatients bulk = new BulkPatients(storeUri, module.keys())) {
          bulk.growTo(data, o.bulkTo(), Runtime.getRuntime().availableProcessors());
        }
        heap.add(heapSample(http, "after bulk load"));
        growth.add(lookup(scenarios, data, o, "bulk"));
        storeHeap = usedHeapAfterGc();
      }

      JsonObjectBuilder result =
          Json.createObjectBuilder()
              .add("at", Instant.now().toString())
              .add(
                  "machine",
                  Json.createObjectBuilder()
                      .add("cores", Runtime.getRuntime().availableProcessors())
                      .add("java", System.getProperty("java.version"))
                      .add(
                          "os",
                          System.getProperty("os.name") + " " + System.getProperty("os.arch")))
              .add(
                  "settings",
                  Json.createObjectBuilder()
                      .add("tenants", o.tenants())
                      .add("patients", o.patients())
                      .add("growTo", o.growTo())
                      .add("bulkTo", o.bulkTo())
                      .add("entriesPerPatient", o.entries())
                      .add("seconds", o.seconds())
                      .add("warmupSeconds", o.warmup())
                      .add("jitWarmupSecondsPerScenarioAndSide", o.jitWarmup())
                      .add("store", "mongo-java-server, in-memory backend, in the driver's JVM")
                      .add("payaraHeap", "1g")
                      .add("organisations", o.organisations())
                      .add("peer", o.peer() == null ? "none" : o.peer()))
              .add("scenarios", measured)
              .add("lookupGrowth", growth)
              .add("payaraHeap", heap)
              .add("storeCollections", storeCollections)
              .add("floorChains", floorChains)
              .add("payaraIdleCpuMillisPerSecond", round(payaraIdle))
              .add("idleEntriesScans", idleScans)
              .add("driverAndStoreHeapBytesAfterBulk", storeHeap);
      if (peer != null) {
        result.add("peer", peer);
      }
      if (organised != null) {
        result.add(
            "organisations",
            Json.createObjectBuilder()
                .add("tenant", OrganisedTenant.ID)
                .add("organisations", organised.shape.total())
                .add("clients", organised.shape.clients())
                .add("groups", organised.shape.groups())
                .add("facilities", organised.shape.facilities())
                .add("grants", organised.grants())
                .add("patients", organised.ids.size())
                .add("probe", probe)
                .add("scenarios", scoped));
      }
      return result;
    }
  }

  /**
   * The entries query of each side while both WARs are idle (after the load and the warm-up, which
   * write the same entries to both sides), for the same random patients, interleaved: what a scan
   * costs the store apart from what runs beside it during a measurement. The secured query goes
   * through a tenant-scoped handle of the module's own, so that its filter is the one the module
   * sends, with the module's sort; the baseline's through the raw driver.
   */
  private static JsonObject idleScans(
      String storeUri, MongoCollection<Document> baseline, DataSet data) {
    MongoStores stores =
        new MongoStores(new RecordsConfig(new MapConfig().with("records.mongodb.uri", storeUri)));
    try {
      return idleScans(new TenantCollections(stores), baseline, data);
    } finally {
      stores.close();
    }
  }

  private static JsonObject idleScans(
      TenantCollections collections, MongoCollection<Document> baseline, DataSet data) {
    Document baselineSort = new Document("effectiveDate", -1);
    Random random = new Random(11);
    long securedNanos = 0;
    long baselineNanos = 0;
    long securedFound = 0;
    long baselineFound = 0;
    int queries = 0;
    for (int round = 0; round < 4; round++) { // the first round warms up
      for (int q = 0; q < 100; q++) {
        DataSet.Tenant t = data.tenants.get(random.nextInt(data.tenants.size()));
        int i = random.nextInt(Math.min(t.securedIds.size(), t.baselineIds.size()));
        TenantScopedCollection secured =
            collections.forMaintenance(StoredCollection.CLINICAL_ENTRIES, new TenantId(t.id));
        Bson securedFilter = Filters.eq(ClinicalDocuments.PATIENT, t.securedIds.get(i));
        Document baselineFilter = new Document("patientId", t.baselineIds.get(i));
        long a = System.nanoTime();
        int s = secured.find(securedFilter, null, ClinicalDocuments.NEWEST_FIRST, 0).size();
        long b = System.nanoTime();
        int n = baseline.find(baselineFilter).sort(baselineSort).into(new ArrayList<>()).size();
        long c = System.nanoTime();
        if (round > 0) {
          securedNanos += b - a;
          baselineNanos += c - b;
          securedFound += s;
          baselineFound += n;
          queries++;
        }
      }
    }
    double securedMs = securedNanos / 1e6 / queries;
    double baselineMs = baselineNanos / 1e6 / queries;
    OUT.info(
        String.format(
            "entries query with both WARs idle, ms per query: secured %.3f, baseline %.3f (%.2fx);"
                + " entries found per query %.1f and %.1f",
            securedMs,
            baselineMs,
            securedMs / baselineMs,
            (double) securedFound / queries,
            (double) baselineFound / queries));
    return Json.createObjectBuilder()
        .add("queries", queries)
        .add("securedMillis", securedMs)
        .add("baselineMillis", baselineMs)
        .add("securedEntriesFound", (double) securedFound / queries)
        .add("baselineEntriesFound", (double) baselineFound / queries)
        .build();
  }

  /**
   * What the store held when the measurements ended: per collection of every database, its
   * documents and their mean size in bytes (the store's {@code collStats}). A scan's cost on the
   * embedded store follows both, so two sides' scans compare only with these beside them.
   */
  private static JsonArray collections(MongoClient raw) {
    JsonArrayBuilder rows = Json.createArrayBuilder();
    for (String db : raw.listDatabaseNames()) {
      MongoDatabase database = raw.getDatabase(db);
      for (String name : database.listCollectionNames()) {
        Document stats = database.runCommand(new Document("collStats", name));
        long count = stats.get("count") instanceof Number n ? n.longValue() : -1;
        long mean = stats.get("avgObjSize") instanceof Number n ? n.longValue() : -1;
        rows.add(
            Json.createObjectBuilder()
                .add("collection", db + "." + name)
                .add("documents", count)
                .add("meanBytes", mean));
        OUT.info(String.format("collection %9d docs x %6d bytes  %s.%s", count, mean, db, name));
      }
    }
    return rows.build();
  }

  /**
   * Each of the floor's audit chains at the end: its events, its last position and its head's. A
   * floor that wrote every event once, at consecutive positions, and moved its head to the end has
   * all three equal.
   */
  private static JsonArray floorChains(MongoDatabase baselineDb) {
    JsonArrayBuilder rows = Json.createArrayBuilder();
    MongoCollection<Document> events = baselineDb.getCollection("floor_audit_events");
    for (Document head : baselineDb.getCollection("floor_audit_heads").find()) {
      Object chain = head.get("_id");
      Document last =
          events.find(Filters.eq("tenantId", chain)).sort(new Document("seq", -1)).first();
      rows.add(
          Json.createObjectBuilder()
              .add("chain", String.valueOf(chain))
              .add("events", events.countDocuments(Filters.eq("tenantId", chain)))
              .add("lastSeq", last == null ? -1 : last.get("seq", Number.class).longValue())
              .add("headSeq", head.get("seq", Number.class).longValue()));
    }
    return rows.build();
  }

  /**
   * Runs every selected reading scenario on every side, unmeasured, before the measurements: the
   * side measured first (the secured module) otherwise met a Payara still compiling the code that
   * the others then found compiled (a recording at concurrency 1 showed its JIT compiler threads as
   * busy as its request threads). Writing scenarios are left out: they would add data unevenly
   * (each side writes at its own speed) before the reads are measured, and loading the data set
   * through both WARs ran their write paths already.
   */
  private static void warmUp(Scenarios scenarios, ProfiledStore store, Options o)
      throws InterruptedException {
    if (o.jitWarmup() <= 0) {
      return;
    }
    for (Scenarios.Scenario s : o.selected()) {
      if (s.writes()) {
        continue;
      }
      for (Scenarios.Side side : Scenarios.Side.values()) {
        LoadDriver.Result r =
            LoadDriver.run(scenarios.operation(s.name(), side), 8, 0, o.jitWarmup());
        if (r.errors() > 0) {
          throw new IllegalStateException(s.name() + " fails on " + side + " while warming up");
        }
      }
    }
    Duration busy = store.awaitQuiet(Duration.ofMinutes(10));
    OUT.info(
        "warmed up: every reading scenario on every side for "
            + o.jitWarmup()
            + " s (not measured); store busy "
            + busy.toSeconds()
            + " s after");
  }

  /** The selected scenarios that the organised tenant's callers are compared on, in order. */
  private static List<String> compared(Options o) {
    return o.selected().stream()
        .map(Scenarios.Scenario::name)
        .filter(ScopeComparison.SCENARIOS::contains)
        .toList();
  }

  /** How many errors of each kind a side had (empty when none). */
  private static JsonObject kinds(LoadDriver.Result r) {
    JsonObjectBuilder b = Json.createObjectBuilder();
    r.errorKinds().forEach(b::add);
    return b.build();
  }

  /**
   * A side's store commands so far, as its driver's meter counted them: the module's from Payara's
   * metrics, the baseline WAR's and the floor's from that WAR, the raw driver's in this JVM.
   */
  private static StoreCommands commandsOf(Scenarios.Side side, Http http, CommandMeter rawMeter) {
    try {
      return switch (side) {
        case SECURED -> StoreCommands.module(http);
        case BASELINE_WAR, FLOOR -> StoreCommands.baseline(http);
        case RAW_DRIVER -> StoreCommands.of(rawMeter);
      };
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject row(
      Scenarios.Scenario s,
      int concurrency,
      Map<Scenarios.Side, LoadDriver.Result> bySide,
      Map<Scenarios.Side, CpuMeter.PerOperation> cpu,
      Map<Scenarios.Side, Duration> busyAfter,
      Map<Scenarios.Side, StoreCommands> commands) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("scenario", s.name())
            .add("description", s.description())
            .add("concurrency", concurrency);
    for (Map.Entry<Scenarios.Side, LoadDriver.Result> e : bySide.entrySet()) {
      LoadDriver.Result r = e.getValue();
      CpuMeter.PerOperation used = cpu.get(e.getKey());
      JsonObjectBuilder side =
          Json.createObjectBuilder()
              .add("operations", r.operations())
              .add("errors", r.errors())
              .add("errorKinds", kinds(r))
              .add("throughput", round(r.throughput()))
              .add("p50Millis", round(r.p50Millis()))
              .add("p99Millis", round(r.p99Millis()))
              .add("storeBusyAfterSeconds", round(busyAfter.get(e.getKey()).toMillis() / 1000.0))
              .add("storeCpuMicrosPerOperation", round(used.storeMicros()));
      if (e.getKey() != Scenarios.Side.RAW_DRIVER) {
        // The raw driver's operations run in this JVM: Payara only idles beside them.
        side.add("payaraCpuMicrosPerOperation", round(used.payaraMicros()));
      }
      side.addAll(commands.get(e.getKey()).perOperation(r.operations()));
      b.add(key(e.getKey()), side);
    }
    // How many times the baseline WAR's CPU (Payara and store) an operation of the secured module
    // and of the floor needs.
    CpuMeter.PerOperation baselineCpu = cpu.get(Scenarios.Side.BASELINE_WAR);
    addCpuRatio(
        b, "cpuPerOperationSecuredToBaselineWar", cpu.get(Scenarios.Side.SECURED), baselineCpu);
    addCpuRatio(b, "cpuPerOperationFloorToBaselineWar", cpu.get(Scenarios.Side.FLOOR), baselineCpu);
    // Payara's alone: the module's own work around the store commands (the target).
    double securedPayara = cpu.get(Scenarios.Side.SECURED).payaraMicros();
    if (securedPayara > 0 && baselineCpu.payaraMicros() > 0) {
      b.add(
          "payaraCpuPerOperationSecuredToBaselineWar",
          round(securedPayara / baselineCpu.payaraMicros()));
    }
    LoadDriver.Result securedRun = bySide.get(Scenarios.Side.SECURED);
    LoadDriver.Result baselineRun = bySide.get(Scenarios.Side.BASELINE_WAR);
    b.add("p50SecuredToBaselineWar", ratio(securedRun.p50Millis(), baselineRun.p50Millis()));
    b.add("p99SecuredToBaselineWar", ratio(securedRun.p99Millis(), baselineRun.p99Millis()));
    double secured = bySide.get(Scenarios.Side.SECURED).throughput();
    double baseline = bySide.get(Scenarios.Side.BASELINE_WAR).throughput();
    double floor = bySide.get(Scenarios.Side.FLOOR).throughput();
    b.add("securedToBaselineWar", ratio(secured, baseline));
    // What the invariants' store commands alone leave of the baseline, and the secured module
    // against that.
    b.add("floorToBaselineWar", ratio(floor, baseline));
    b.add("securedToFloor", ratio(secured, floor));
    b.add("securedToRawDriver", ratio(secured, bySide.get(Scenarios.Side.RAW_DRIVER).throughput()));
    return b.build();
  }

  /**
   * One line of a row's new measures: per side, store commands per operation (reads + writes) and
   * the sequential acknowledged writes on its requests' paths (shared ones in brackets); then
   * Payara's CPU per operation, secured over baseline WAR.
   */
  static String measures(JsonObject row) {
    StringBuilder b =
        new StringBuilder(
            String.format("%-28s c=%-3d", row.getString("scenario"), row.getInt("concurrency")));
    for (Scenarios.Side side : CHARTED) {
      JsonObject r = row.getJsonObject(key(side));
      JsonObject cmds = r.getJsonObject("storeCommandsPerOperation");
      b.append(
          String.format(
              "  %s %.1f+%.1f cmd, %.1f seq (%.1f shared)",
              key(side),
              cmds.getJsonNumber("reads").doubleValue(),
              cmds.getJsonNumber("writes").doubleValue(),
              r.getJsonNumber("sequentialAcknowledgedWritesPerOperation").doubleValue(),
              r.getJsonNumber("sharedSequentialWritesPerOperation").doubleValue()));
    }
    if (row.containsKey("payaraCpuPerOperationSecuredToBaselineWar")) {
      b.append(
          String.format(
              "  Payara CPU secured/baseline-war %.2f",
              row.getJsonNumber("payaraCpuPerOperationSecuredToBaselineWar").doubleValue()));
    }
    return b.toString();
  }

  /** Adds {@code used}'s CPU per operation over {@code baseline}'s, where both were measured. */
  private static void addCpuRatio(
      JsonObjectBuilder b,
      String name,
      CpuMeter.PerOperation used,
      CpuMeter.PerOperation baseline) {
    if (used.payaraMicros() > 0 && baseline.payaraMicros() > 0) {
      b.add(
          name,
          round(
              (used.payaraMicros() + used.storeMicros())
                  / (baseline.payaraMicros() + baseline.storeMicros())));
    }
  }

  /** {@code a / b}, rounded; -1 where a side completed no operation (JSON holds no infinity). */
  private static double ratio(double a, double b) {
    return b > 0 ? round(a / b) : -1;
  }

  /** Lookup by MRN at concurrency 1; {@code loadedBy}: how the latest patients were added. */
  private static JsonObject lookup(Scenarios scenarios, DataSet data, Options o, String loadedBy)
      throws InterruptedException {
    LoadDriver.Result r =
        LoadDriver.run(
            scenarios.operation("lookup-by-mrn", Scenarios.Side.SECURED),
            1,
            o.warmup(),
            o.seconds());
    return Json.createObjectBuilder()
        .add("patients", data.patients())
        .add("loadedBy", loadedBy)
        .add("operations", r.operations())
        .add("p50Millis", round(r.p50Millis()))
        .add("p99Millis", round(r.p99Millis()))
        .add("errors", r.errors())
        .add("errorKinds", kinds(r))
        .build();
  }

  /** The heap this JVM (load driver and in-memory store) holds after a full collection. */
  private static long usedHeapAfterGc() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static JsonObject heapSample(Http http, String when) {
    long used = -1;
    for (String path : List.of("/metrics?scope=base", "/metrics/base")) {
      try {
        HttpResponse<String> r = http.send("GET", path, null, null);
        Matcher m = USED_HEAP.matcher(r.body());
        if (r.statusCode() == 200 && m.find()) {
          used = (long) Double.parseDouble(m.group(1));
          break;
        }
      } catch (IOException e) {
        // metrics not reachable: reported as -1
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return Json.createObjectBuilder().add("when", when).add("usedHeapBytes", used).build();
  }

  /** The sides a chart shows, in its order: the floor beside the secured module it bounds. */
  private static final List<Scenarios.Side> CHARTED =
      List.of(
          Scenarios.Side.SECURED,
          Scenarios.Side.FLOOR,
          Scenarios.Side.BASELINE_WAR,
          Scenarios.Side.RAW_DRIVER);

  private static void chart(JsonObject json, Path file, int concurrency) throws IOException {
    List<JsonObject> rows =
        json.getJsonArray("scenarios").getValuesAs(JsonObject.class).stream()
            .filter(row -> row.getInt("concurrency") == concurrency)
            .toList();
    // Results from before the floor was measured have no floor to draw.
    List<Scenarios.Side> sides =
        CHARTED.stream()
            .filter(side -> rows.isEmpty() || rows.get(0).containsKey(key(side)))
            .toList();
    boolean floor = sides.contains(Scenarios.Side.FLOOR);
    Map<String, double[]> ratio = new LinkedHashMap<>();
    Map<String, double[]> throughput = new LinkedHashMap<>();
    Map<String, double[]> p99 = new LinkedHashMap<>();
    Map<String, double[]> commands = new LinkedHashMap<>();
    Map<String, double[]> sequential = new LinkedHashMap<>();
    Map<String, double[]> payaraCpu = new LinkedHashMap<>();
    // Results from before the commands were counted have none to draw.
    boolean counted =
        !rows.isEmpty()
            && rows.get(0)
                .getJsonObject(key(sides.get(0)))
                .containsKey("storeCommandsPerOperation");
    for (JsonObject row : rows) {
      double[] t = new double[sides.size()];
      double[] p = new double[sides.size()];
      double[] k = new double[sides.size()];
      double[] w = new double[sides.size()];
      double[] u = new double[sides.size()];
      for (int i = 0; i < sides.size(); i++) {
        JsonObject r = row.getJsonObject(key(sides.get(i)));
        t[i] = r.getJsonNumber("throughput").doubleValue();
        p[i] = r.getJsonNumber("p99Millis").doubleValue();
        if (counted) {
          JsonObject cmds = r.getJsonObject("storeCommandsPerOperation");
          k[i] =
              cmds.getJsonNumber("reads").doubleValue()
                  + cmds.getJsonNumber("writes").doubleValue();
          w[i] = r.getJsonNumber("sequentialAcknowledgedWritesPerOperation").doubleValue();
        }
        // The raw driver runs in the load driver's JVM: no Payara CPU to draw.
        u[i] =
            r.containsKey("payaraCpuMicrosPerOperation")
                ? Math.max(0, r.getJsonNumber("payaraCpuMicrosPerOperation").doubleValue())
                : 0;
      }
      String name = row.getString("scenario");
      commands.put(name, k);
      sequential.put(name, w);
      payaraCpu.put(name, u);
      double secured = row.getJsonNumber("securedToBaselineWar").doubleValue();
      ratio.put(
          name,
          floor
              ? new double[] {secured, row.getJsonNumber("floorToBaselineWar").doubleValue()}
              : new double[] {secured});
      throughput.put(name, t);
      p99.put(name, p);
    }
    List<Chart.Panel> panels = new ArrayList<>();
    panels.add(
        new Chart.Panel(
            floor
                ? "Secured and floor throughput / baseline WAR's (aim: 0.7)"
                : "Secured throughput / baseline WAR's (aim: 0.7)",
            "ratio",
            ratio,
            false,
            0.7));
    panels.add(new Chart.Panel("Throughput", "operations/s", throughput, true, Double.NaN));
    panels.add(new Chart.Panel("p99 latency", "ms", p99, true, Double.NaN));
    if (counted) {
      panels.add(
          new Chart.Panel(
              "Store commands per operation (reads + writes)",
              "commands",
              commands,
              true,
              Double.NaN));
      panels.add(
          new Chart.Panel(
              "Sequential acknowledged writes per operation, on the request path",
              "writes",
              sequential,
              true,
              Double.NaN));
    }
    panels.add(
        new Chart.Panel("Payara CPU per operation", "microseconds", payaraCpu, true, Double.NaN));
    if (json.containsKey("peer")) {
      panels.add(PeerComparison.chartPanel(json.getJsonObject("peer"), concurrency));
    }
    Chart.write(
        file,
        "PHI Records: secured vs baselines at concurrency " + concurrency,
        sides.stream().map(BenchRun::label).toList(),
        sides.stream().map(side -> Chart.SIDES[CHARTED.indexOf(side)]).toList(),
        panels);
  }

  private static String label(Scenarios.Side side) {
    return switch (side) {
      case SECURED -> "secured module";
      case FLOOR -> "floor (invariants' store commands)";
      case BASELINE_WAR -> "baseline WAR (no protection)";
      case RAW_DRIVER -> "raw driver (in-process)";
    };
  }

  static String summary(JsonObject json) {
    StringBuilder b = new StringBuilder();
    for (JsonObject row : json.getJsonArray("scenarios").getValuesAs(JsonObject.class)) {
      b.append(
          String.format(
              "%-28s c=%-3d secured/baseline-war %.2f  floor/baseline-war %.2f  secured/raw %.2f"
                  + "  secured p99 %.1f ms%n",
              row.getString("scenario"),
              row.getInt("concurrency"),
              row.getJsonNumber("securedToBaselineWar").doubleValue(),
              row.getJsonNumber("floorToBaselineWar").doubleValue(),
              row.getJsonNumber("securedToRawDriver").doubleValue(),
              row.getJsonObject("secured").getJsonNumber("p99Millis").doubleValue()));
      if (row.getJsonObject("secured").containsKey("storeCommandsPerOperation")) {
        b.append(measures(row)).append(String.format("%n"));
      }
    }
    if (json.containsKey("peer")) {
      b.append(PeerComparison.summary(json.getJsonObject("peer")));
    }
    if (json.containsKey("organisations")) {
      for (JsonObject row :
          json.getJsonObject("organisations")
              .getJsonArray("scenarios")
              .getValuesAs(JsonObject.class)) {
        b.append(
            String.format(
                "%-28s c=%-3d scoped/flat %.2f  p99 flat %.1f ms, scoped %.1f ms%n",
                row.getString("scenario"),
                row.getInt("concurrency"),
                row.getJsonNumber("scopedToFlat").doubleValue(),
                row.getJsonObject("flat").getJsonNumber("p99Millis").doubleValue(),
                row.getJsonObject("scoped").getJsonNumber("p99Millis").doubleValue()));
      }
    }
    return b.toString();
  }

  private static String key(Scenarios.Side side) {
    return switch (side) {
      case SECURED -> "secured";
      case BASELINE_WAR -> "baselineWar";
      case FLOOR -> "floor";
      case RAW_DRIVER -> "rawDriver";
    };
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String pretty(JsonObject json) {
    JsonWriterFactory f = Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
    StringWriter w = new StringWriter();
    f.createWriter(w).write(json);
    return w.toString();
  }
}
