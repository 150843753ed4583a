package org.phirecords.dev;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code records-dev import}: a bulk NDJSON import (ADR 40) from files, one resource type each
 * (read from the first line): creates the job, uploads the chunks the job's status does not list
 * (all of them for a new job; with {@code --job} those missing, so a re-run resumes an upload),
 * starts it, and shows a progress bar on stderr from the status until it ends, then a summary. Only
 * counts, line numbers and codes are printed, never content.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Bulk NDJSON import into PHI Records, with a progress bar.")
public final class BulkImportCli implements Callable<Integer> {
  @Option(names = "--base", required = true, description = "The records API, e.g. .../api")
  URI base;

  @Option(names = "--token", required = true, description = "File holding a bearer token")
  Path token;

  @Option(names = "--job", description = "Resume job ID (upload what is missing, then start)")
  String job;

  @Option(names = "--chunk-lines", defaultValue = "1000", description = "Lines per chunk")
  int chunkLines;

  @Option(names = "--poll-millis", defaultValue = "1000", description = "Status poll period")
  long pollMillis;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "NDJSON files")
  List<Path> files;

  private final HttpClient http = HttpClient.newHttpClient();
  private PrintStream err = System.err;

  /** Entry point. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new BulkImportCli()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<List<String>> chunks = new ArrayList<>();
    JsonArrayBuilder named = Json.createArrayBuilder();
    long total = 0;
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      total += lines.size();
      int count = Math.max(1, (lines.size() + chunkLines - 1) / chunkLines);
      named.add(Json.createObjectBuilder().add("type", type(lines)).add("chunks", count));
      chunks.add(lines);
    }
    String bearer = Files.readString(token).strip();
    JsonObject status =
        job == null
            ? send(
                bearer,
                "POST",
                "import-jobs",
                "application/json",
                Json.createObjectBuilder().add("files", named).build().toString())
            : send(bearer, "GET", "import-jobs/" + job, null, null);
    String id = status.getString("id");
    err.println("job " + id);
    for (int[] m : missing(status)) {
      List<String> lines = chunks.get(m[0]);
      int from = m[1] * chunkLines;
      String text =
          String.join(
                  "\n",
                  lines.subList(
                      Math.min(from, lines.size()), Math.min(from + chunkLines, lines.size())))
              + "\n";
      status =
          send(
              bearer,
              "PUT",
              "import-jobs/" + id + "/files/" + m[0] + "/chunks/" + m[1],
              "application/fhir+ndjson",
              text);
    }
    if ("CREATED".equals(status.getString("state"))) {
      status = send(bearer, "POST", "import-jobs/" + id + "/start", null, null);
    }
    while (!ended(status)) {
      err.print("\r" + bar(status, total, 40));
      Thread.sleep(pollMillis);
      status = send(bearer, "GET", "import-jobs/" + id, null, null);
    }
    err.println("\r" + bar(status, total, 40));
    err.print(summary(status));
    return "DONE".equals(status.getString("state")) ? 0 : 1;
  }

  /** The resource type of a file: its first line's {@code resourceType}. */
  static String type(List<String> lines) {
    for (String line : lines) {
      if (!line.isBlank()) {
        return Json.createReader(new StringReader(line)).readObject().getString("resourceType");
      }
    }
    throw new IllegalArgumentException("an empty file");
  }

  /** The (file, chunk) pairs a job's status does not list as received, in order. */
  static List<int[]> missing(JsonObject status) {
    List<int[]> missing = new ArrayList<>();
    var files = status.getJsonArray("files");
    for (int f = 0; f < files.size(); f++) {
      JsonObject file = files.getJsonObject(f);
      Set<Integer> received = new HashSet<>();
      file.getJsonArray("received")
          .getValuesAs(JsonNumber.class)
          .forEach(n -> received.add(n.intValue()));
      for (int k = 0; k < file.getInt("chunks"); k++) {
        if (!received.contains(k)) {
          missing.add(new int[] {f, k});
        }
      }
    }
    return missing;
  }

  static boolean ended(JsonObject status) {
    return List.of("DONE", "FAILED", "CANCELLED").contains(status.getString("state"));
  }

  /** A text bar: lines processed (done or failed) of {@code total}, and the state. */
  static String bar(JsonObject status, long total, int width) {
    long done = 0;
    long failed = 0;
    for (JsonValue v : status.getJsonArray("files")) {
      done += v.asJsonObject().getJsonNumber("linesDone").longValue();
      failed += v.asJsonObject().getJsonNumber("linesFailed").longValue();
    }
    long processed = Math.min(total, done + failed);
    int filled = total == 0 ? width : (int) (processed * width / total);
    int percent = total == 0 ? 100 : (int) (processed * 100 / total);
    return "["
        + "#".repeat(filled)
        + ".".repeat(width - filled)
        + "] "
        + percent
        + "% "
        + processed
        + "/"
        + total
        + " lines, "
        + failed
        + " failed, "
        + status.getString("state");
  }

  /** Per file its counts, then the refused lines by file, line and code. */
  static String summary(JsonObject status) {
    StringBuilder out = new StringBuilder();
    for (JsonValue v : status.getJsonArray("files")) {
      JsonObject f = v.asJsonObject();
      out.append(f.getString("type"))
          .append(": ")
          .append(f.getJsonNumber("linesDone").longValue())
          .append(" imported, ")
          .append(f.getJsonNumber("linesFailed").longValue())
          .append(" refused\n");
    }
    for (JsonValue v : status.getJsonArray("errors")) {
      JsonObject e = v.asJsonObject();
      out.append("  file ")
          .append(e.getInt("file"))
          .append(" line ")
          .append(e.getJsonNumber("line").longValue())
          .append(": ")
          .append(e.getString("code"))
          .append('\n');
    }
    return out.toString();
  }

  private JsonObject send(String bearer, String method, String path, String type, String body)
      throws IOException, InterruptedException {
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(root + path))
            .timeout(Duration.ofMinutes(2))
            .header("Authorization", "Bearer " + bearer)
            .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", type);
      request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() >= 300) {
      // A problem+json names a code and a fixed title, never request data.
      throw new IOException(method + " " + path + ": " + answer.statusCode() + " " + answer.body());
    }
    return Json.createReader(new StringReader(answer.body())).readObject();
  }
}
