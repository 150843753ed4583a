package org.phirecords.bench;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.phirecords.dev.BulkImportCli;
import org.phirecords.dev.LocalHttp;
import org.phirecords.dev.LocalModule;
import org.phirecords.dev.SyntheticNdjson;
import org.phirecords.internal.meter.CommandKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The bulk import benchmark (ADR 40, issue 25): synthetic NDJSON files of N patients with {@link
 * SyntheticNdjson#ENTRIES_PER_PATIENT} entries each, imported by the {@code records-dev import}
 * command ({@link BulkImportCli}: create, upload, start, poll until done) into the module on Payara
 * Micro over an in-memory store in this JVM, as {@code start.sh} runs it. Prints and writes to
 * {@code results/import-<N>x5-<commit>-<date>.json} the wall time (upload to done), patients/s,
 * entries/s and the store commands the module sent per imported resource (its driver's command
 * meter, from MicroProfile Metrics), by kind and by collection. Run it with {@code
 * scripts/bench-import.sh}.
 */
@Command(
    name = "bench-import",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Bulk NDJSON import benchmark (scripts/bench-import.sh).")
public final class ImportBench implements Callable<Integer> {
  private static final String TENANT = "bench-import";

  @Option(names = "--patients", defaultValue = "2000", description = "Patients (5 entries each)")
  int patients;

  @Option(names = "--chunk-lines", defaultValue = "1000", description = "Lines per chunk")
  int chunkLines;

  @Option(names = "--seed", defaultValue = "25", description = "Datafaker seed")
  long seed;

  @Option(names = "--commit", defaultValue = "unknown", description = "Commit measured")
  String commit;

  @Option(names = "--note", defaultValue = "", description = "Said of the machine in the results")
  String note;

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new ImportBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path runtime = Path.of(System.getProperty("bench.runtime", "benchmarks/target/runtime"));
    Path results = Path.of(System.getProperty("bench.results", "benchmarks/results"));
    Path work = BenchRun.workDirectory(runtime, "phi-bench-import");
    List<Path> files = SyntheticNdjson.write(work.resolve("ndjson"), TENANT, patients, seed);
    long entries = (long) patients * SyntheticNdjson.ENTRIES_PER_PATIENT;
    List<Path> wars =
        List.of(runtime.resolve("records-web.war"), runtime.resolve("tenant-admin.war"));
    BenchRun.OUT.info("Starting Payara Micro (log: " + work + "/payara.log) ...");
    try (LocalModule module =
        new LocalModule(
            work,
            runtime,
            wars,
            LocalHttp.freePort(),
            new MemoryBackend(),
            LocalHttp.freePort(),
            null,
            "1g",
            Map.of())) {
      module.awaitReady("/tenant-admin/api/tenants", 401, Duration.ofMinutes(4));
      Http http = new Http(module.base());
      var tokens = module.tokens();
      http.ok(
          "POST",
          "/tenant-admin/api/tenants",
          tokens.mint("bench-platform-admin", "platform-admin", null, null),
          "{\"id\":\""
              + TENANT
              + "\",\"displayName\":\"Bench import\",\"contact\":\"privacy@bench.example\","
              + "\"residency\":\"local\",\"firstAdmin\":\"bench-admin\"}");
      Path token = work.resolve("token");
      Files.writeString(token, tokens.mint("bench-importer", "physician", TENANT, null));
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--base",
                  module.base() + "/records-web/api",
                  "--token",
                  token.toString(),
                  "--chunk-lines",
                  Integer.toString(chunkLines),
                  "--poll-millis",
                  "200"));
      files.forEach(f -> args.add(f.toString()));

      StoreCommands before = StoreCommands.module(http);
      long start = System.nanoTime();
      int exit = new CommandLine(new BulkImportCli()).execute(args.toArray(String[]::new));
      double seconds = (System.nanoTime() - start) / 1e9;
      StoreCommands cost = StoreCommands.module(http).minus(before);
      if (exit != 0) {
        BenchRun.OUT.severe("the import did not end DONE (exit " + exit + ")");
        return exit;
      }
      JsonObject figures = figures(seconds, entries, cost);
      String text = pretty(figures);
      BenchRun.OUT.info(text);
      Files.createDirectories(results);
      Path file =
          results.resolve(
              "import-%dx%d-%s-%s.json"
                  .formatted(
                      patients,
                      SyntheticNdjson.ENTRIES_PER_PATIENT,
                      commit,
                      LocalDate.now(ZoneOffset.UTC)));
      Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
      BenchRun.OUT.info("written to " + file);
      return 0;
    }
  }

  /** The run's figures: throughput, wall time and store commands per imported resource. */
  private JsonObject figures(double seconds, long entries, StoreCommands cost) {
    double resources = patients + entries;
    JsonObjectBuilder byCollection = Json.createObjectBuilder();
    cost.byCollection()
        .forEach(
            (c, a) ->
                byCollection.add(
                    c,
                    Json.createObjectBuilder()
                        .add("reads", round(a[CommandKind.READ.ordinal()] / resources))
                        .add("writes", round(a[CommandKind.WRITE.ordinal()] / resources))
                        .add("other", round(a[CommandKind.OTHER.ordinal()] / resources))));
    return Json.createObjectBuilder()
        .add("benchmark", "bulk NDJSON import (ADR 40) through records-dev import")
        .add("commit", commit)
        .add("date", LocalDate.now(ZoneOffset.UTC).toString())
        .add("machine", note)
        .add("patients", patients)
        .add("entries", entries)
        .add("chunkLines", chunkLines)
        .add("wallSeconds", round(seconds))
        .add("patientsPerSecond", round(patients / seconds))
        .add("entriesPerSecond", round(entries / seconds))
        .add("resourcesPerSecond", round(resources / seconds))
        .add(
            "storeCommandsPerResource",
            Json.createObjectBuilder()
                .add("reads", round(cost.commands(CommandKind.READ) / resources))
                .add("writes", round(cost.commands(CommandKind.WRITE) / resources))
                .add("other", round(cost.commands(CommandKind.OTHER) / resources)))
        .add("storeCommandsPerResourceByCollection", byCollection)
        .build();
  }

  private static String pretty(JsonObject json) {
    StringWriter out = new StringWriter();
    Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
        .createWriter(out)
        .write(json);
    return out.toString().strip();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
