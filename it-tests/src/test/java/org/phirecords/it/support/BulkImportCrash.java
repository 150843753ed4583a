package org.phirecords.it.support;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.bson.Document;
import org.phirecords.dev.LocalModule;
import org.phirecords.dev.SyntheticNdjson;

/**
 * CrashIT's bulk import case (ADR 40): a job of a few thousand synthetic NDJSON lines (Patient,
 * Condition, Observation, Procedure files) uploaded and started, Payara killed (SIGKILL) once the
 * job's status shows some, not all, chunks done (a seeded random point), then started again on the
 * same store. The worker resumes the job after its lease and ends it {@code DONE}; the final state
 * is an uninterrupted import's: every line counted once and none refused, as many patients and
 * entries as the files hold, each stamped with its write intent and with exactly one create event
 * in the audit trail and one integration event, no intent left open, a sample read back through the
 * API field by field as in the files, and no chunk left in {@code bulk_import_chunks}.
 */
public final class BulkImportCrash {
  private static final String TENANT = "crash-bulk";
  private static final int PATIENTS = 500;
  private static final int CHUNK_LINES = 100;
  private static final int SAMPLE = 12;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private BulkImportCrash() {}

  /** Runs the case in {@code dir} over its own store and Payara processes. */
  public static void run(Path dir) throws Exception {
    long seed = Long.getLong("it.bulkcrash.seed", System.nanoTime());
    System.out.println("[CrashIT] bulk seed " + seed + " (rerun with -Dit.bulkcrash.seed=" + seed);
    Random random = new Random(seed);
    Map<String, List<String>> files = SyntheticNdjson.generate(TENANT, PATIENTS, seed);
    List<String> types = new ArrayList<>(files.keySet());
    int chunks = files.values().stream().mapToInt(l -> chunks(l.size())).sum();
    List<String> wars = List.of("records-web.war", "tenant-admin.war");
    // Short lease and poll, on both runs: the restarted instance claims the job within seconds.
    List<String> options =
        List.of("-Drecords.import.bulk.lease-seconds=3", "-Drecords.import.bulk.poll-seconds=1");
    LocalModule module = null;
    try (StoreProcess store =
            new StoreProcess(
                    LocalRuns.freePort(), dir.resolve("store.mv"), dir.resolve("store.log"))
                .start();
        MongoClient client = MongoClients.create(store.uri())) {
      module = LocalRuns.start(dir, LocalRuns.freePort(), store.uri(), wars, options, List.of());
      LocalRuns.onboard(module, TENANT);
      String importer = module.tokens().mint("bulk-importer", "physician", TENANT, null);
      String job = upload(module.base(), importer, files);
      send(module.base(), importer, "POST", "import-jobs/" + job + "/start", null, null, 202);

      int killAt = 2 + random.nextInt(chunks - 5);
      int doneAtKill = awaitChunksDone(module.base(), importer, job, killAt);
      module.payara().destroyForcibly(); // SIGKILL on Linux
      module.payara().waitFor();
      module.close();
      module = null;

      MongoCollection<Document> jobs = clinical(client, "bulk_import_jobs");
      MongoCollection<Document> stored = clinical(client, "bulk_import_chunks");
      Document left = jobs.find(eq("jobId", job)).first();
      assertThat(left.getString("state")).as("killed while running").isEqualTo("RUNNING");
      int marked = 0;
      for (Document f : left.getList("files", Document.class)) {
        marked += f.getList("done", Integer.class, List.of()).size();
      }
      long entriesAtKill =
          clinical(client, "clinical_entries").countDocuments(eq("tenantId", TENANT));
      System.out.println(
          "[CrashIT] bulk import killed after "
              + marked
              + " of "
              + chunks
              + " chunks (status showed "
              + doneAtKill
              + "), "
              + entriesAtKill
              + " entries stored");
      assertThat(marked).as("some but not all chunks done").isPositive().isLessThan(chunks);
      assertThat(stored.countDocuments(eq("jobId", job)))
          .as("the chunks outlived the process")
          .isEqualTo(chunks);

      // The only instance is dead: let a minute's downtime pass for the write intents it left.
      StoredWrites.ageOpenIntents(client, TENANT);
      module = LocalRuns.start(dir, LocalRuns.freePort(), store.uri(), wars, options, List.of());
      JsonObject done = awaitEnd(module.base(), importer, job);

      assertThat(done.getString("state")).as(done.toString()).isEqualTo("DONE");
      assertThat(done.getJsonNumber("failedLines").longValue()).as("no line refused").isZero();
      for (int f = 0; f < types.size(); f++) {
        JsonObject file = done.getJsonArray("files").getJsonObject(f);
        int lines = files.get(types.get(f)).size();
        assertThat(file.getInt("chunksDone")).as(types.get(f)).isEqualTo(chunks(lines));
        assertThat(file.getJsonNumber("linesDone").longValue())
            .as("%s: each line counted once", types.get(f))
            .isEqualTo(lines);
      }
      List<Document> patients =
          client
              .getDatabase("phi_identity")
              .getCollection("patients")
              .find(eq("tenantId", TENANT))
              .into(new ArrayList<>());
      List<Document> entries =
          clinical(client, "clinical_entries").find(eq("tenantId", TENANT)).into(new ArrayList<>());
      assertThat(patients.size()).as("patients").isEqualTo(PATIENTS);
      assertThat(entries.size())
          .as("entries")
          .isEqualTo(PATIENTS * SyntheticNdjson.ENTRIES_PER_PATIENT);
      assertThat(entries.stream().filter(e -> e.get("version", Number.class).longValue() != 1))
          .as("every entry once, at version 1")
          .isEmpty();
      assertThat(stored.countDocuments(new Document())).as("no chunk left").isZero();

      Map<String, Integer> creates = creates(client);
      List<String> unaudited = new ArrayList<>();
      patients.forEach(p -> once(creates, p.getString("patientId"), "patient", unaudited));
      entries.forEach(e -> once(creates, e.getString("recordId"), "entry", unaudited));
      assertThat(unaudited).as("every record's create audited exactly once").isEmpty();
      // (StoredWrites.audit expects one intent per record; patients come in batches, ADR 34.)
      assertThat(
              Stream.concat(patients.stream(), entries.stream())
                  .filter(d -> d.getString("writtenByIntent") == null))
          .as("every record stamped with its write intent")
          .isEmpty();
      assertThat(
              client
                  .getDatabase("phi_audit")
                  .getCollection("audit_intents")
                  .countDocuments(eq("tenantId", TENANT)))
          .as("no write intent left open")
          .isZero();
      assertThat(
              StoredWrites.eventsNotOncePerRecord(
                  client,
                  module.base(),
                  module.tokens().mint("bulk-integration", "tenant-admin", TENANT, null),
                  TENANT))
          .as("one integration event per stored record")
          .isEmpty();

      String reader = module.tokens().mint("bulk-reader", "physician", TENANT, null);
      Set<Integer> sample = new TreeSet<>(List.of(0, PATIENTS / 2, PATIENTS - 1));
      while (sample.size() < SAMPLE) {
        sample.add(random.nextInt(PATIENTS));
      }
      for (int i : sample) {
        readsBackAsInTheFiles(module.base(), reader, files, i);
      }
    } finally {
      if (module != null) {
        module.close();
      }
    }
  }

  private static int chunks(int lines) {
    return (lines + CHUNK_LINES - 1) / CHUNK_LINES;
  }

  private static MongoCollection<Document> clinical(MongoClient client, String name) {
    return client.getDatabase("phi_clinical").getCollection(name);
  }

  /** Creates the job and uploads every chunk; its id. */
  private static String upload(String base, String token, Map<String, List<String>> files)
      throws Exception {
    JsonArrayBuilder named = Json.createArrayBuilder();
    files.forEach(
        (type, lines) ->
            named.add(
                Json.createObjectBuilder().add("type", type).add("chunks", chunks(lines.size()))));
    String job =
        send(
                base,
                token,
                "POST",
                "import-jobs",
                "application/json",
                Json.createObjectBuilder().add("files", named).build().toString(),
                201)
            .getString("id");
    int f = 0;
    for (List<String> lines : files.values()) {
      for (int k = 0; k < chunks(lines.size()); k++) {
        String text =
            String.join(
                    "\n",
                    lines.subList(k * CHUNK_LINES, Math.min(lines.size(), (k + 1) * CHUNK_LINES)))
                + "\n";
        send(
            base,
            token,
            "PUT",
            "import-jobs/" + job + "/files/" + f + "/chunks/" + k,
            "application/fhir+ndjson",
            text,
            200);
      }
      f++;
    }
    return job;
  }

  /** Polls the status until at least {@code atLeast} chunks are done; how many were. */
  private static int awaitChunksDone(String base, String token, String job, int atLeast)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject status = send(base, token, "GET", "import-jobs/" + job, null, null, 200);
      assertThat(status.getString("state"))
          .as("the job ended before it could be killed midway")
          .isEqualTo("RUNNING");
      int done = chunksDone(status);
      if (done >= atLeast) {
        return done;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the job did not reach " + atLeast + " chunks in 5 minutes");
  }

  /**
   * Polls the status until the job ended; its status. Fails when no chunk was done for two minutes
   * (the job was not resumed).
   */
  private static JsonObject awaitEnd(String base, String token, String job) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
    long stalled = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    int last = -1;
    JsonObject status = null;
    while (System.nanoTime() < deadline && System.nanoTime() < stalled) {
      status = send(base, token, "GET", "import-jobs/" + job, null, null, 200);
      if (!"RUNNING".equals(status.getString("state"))) {
        return status;
      }
      int done = chunksDone(status);
      if (done != last) {
        last = done;
        stalled = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the job was not resumed to its end: " + status);
  }

  private static int chunksDone(JsonObject status) {
    int done = 0;
    for (JsonValue f : status.getJsonArray("files")) {
      done += f.asJsonObject().getInt("chunksDone");
    }
    return done;
  }

  /** The tenant's CREATE events with outcome SUCCESS, counted by resource id. */
  private static Map<String, Integer> creates(MongoClient client) {
    Map<String, Integer> counted = new HashMap<>();
    for (Document e :
        client
            .getDatabase("phi_audit")
            .getCollection("audit_events")
            .find(and(eq("action", "CREATE"), eq("outcome", "SUCCESS")))) {
      if (TENANT.equals(e.getString("tenantId")) || TENANT.equals(e.getString("chain"))) {
        String id = e.getString("resourceId");
        if (id != null) {
          counted.merge(id, 1, Integer::sum);
        }
      }
    }
    return counted;
  }

  private static void once(Map<String, Integer> creates, String id, String kind, List<String> out) {
    int n = creates.getOrDefault(id, 0);
    if (n != 1) {
      out.add(kind + " " + id + ": " + n + " create events");
    }
  }

  /** Patient {@code i} and its entries read through the API equal their lines in {@code files}. */
  private static void readsBackAsInTheFiles(
      String base, String token, Map<String, List<String>> files, int i) throws Exception {
    JsonObject source = parse(files.get("Patient").get(i));
    JsonObject name = source.getJsonArray("name").getJsonObject(0);
    JsonObject patient =
        send(
            base,
            token,
            "POST",
            "patients/search",
            "application/json",
            "{\"mrn\":\"" + SyntheticNdjson.mrn(i) + "\"}",
            200);
    String at = "patient " + i;
    assertThat(patient.getString("mrn")).as(at).isEqualTo(SyntheticNdjson.mrn(i));
    assertThat(patient.getString("familyName")).as(at).isEqualTo(name.getString("family"));
    assertThat(patient.getString("givenName"))
        .as(at)
        .isEqualTo(name.getJsonArray("given").getString(0));
    assertThat(patient.getString("birthDate")).as(at).isEqualTo(source.getString("birthDate"));
    assertThat(patient.getString("sex")).as(at).isEqualTo(source.getString("gender"));

    Map<String, JsonObject> byCode = new HashMap<>();
    for (JsonValue v :
        send(
                base,
                token,
                "GET",
                "patients/" + patient.getString("id") + "/entries?limit=50",
                null,
                null,
                200)
            .getJsonArray("items")) {
      JsonObject e = v.asJsonObject();
      byCode.put(e.getJsonArray("codes").getJsonObject(0).getString("code"), e);
    }
    assertThat(byCode).as(at + ": its entries").hasSize(SyntheticNdjson.ENTRIES_PER_PATIENT);
    List<JsonObject> lines =
        List.of(
            parse(files.get("Condition").get(2 * i)),
            parse(files.get("Condition").get(2 * i + 1)),
            parse(files.get("Observation").get(2 * i)),
            parse(files.get("Observation").get(2 * i + 1)),
            parse(files.get("Procedure").get(i)));
    for (JsonObject line : lines) {
      JsonObject coding = line.getJsonObject("code").getJsonArray("coding").getJsonObject(0);
      JsonObject entry = byCode.get(coding.getString("code"));
      String what = at + " " + line.getJsonArray("identifier").getJsonObject(0).getString("value");
      assertThat(entry).as(what).isNotNull();
      assertThat(entry.getString("type"))
          .as(what)
          .isEqualTo(line.getString("resourceType").toUpperCase(java.util.Locale.ROOT));
      assertThat(entry.getJsonArray("codes"))
          .as(what)
          .containsExactly(
              Json.createObjectBuilder()
                  .add("system", coding.getString("system"))
                  .add("code", coding.getString("code"))
                  .add("display", coding.getString("display"))
                  .build());
      String day =
          line.getString(
              "onsetDateTime",
              line.getString("effectiveDateTime", line.getString("performedDateTime", null)));
      assertThat(entry.getString("effectiveDate")).as(what).isEqualTo(day);
      assertThat(entry.getString("status", null)).as(what).isEqualTo(status(line));
      assertThat(entry.getString("text", null)).as(what).isEqualTo(text(line));
      if (line.containsKey("valueQuantity")) {
        JsonObject q = line.getJsonObject("valueQuantity");
        JsonObject value = entry.getJsonObject("value");
        assertThat(value.getJsonNumber("value").bigDecimalValue())
            .as(what)
            .isEqualByComparingTo(q.getJsonNumber("value").bigDecimalValue());
        assertThat(value.getString("unit")).as(what).isEqualTo(q.getString("unit"));
      } else {
        assertThat(entry.containsKey("value")).as(what).isFalse();
      }
      assertThat(entry.getString("recordedBy")).as(what).isEqualTo("bulk-importer");
    }
  }

  private static String status(JsonObject line) {
    if (line.containsKey("clinicalStatus")) {
      return line.getJsonObject("clinicalStatus")
          .getJsonArray("coding")
          .getJsonObject(0)
          .getString("code");
    }
    return line.getString("status", null);
  }

  private static String text(JsonObject line) {
    if (line.containsKey("note")) {
      return line.getJsonArray("note").getJsonObject(0).getString("text");
    }
    return line.getString("valueString", null);
  }

  private static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  private static JsonObject send(
      String base, String token, String method, String path, String type, String body, int expect)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/records-web/api/" + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", type)
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expect);
    return parse(r.body());
  }
}
