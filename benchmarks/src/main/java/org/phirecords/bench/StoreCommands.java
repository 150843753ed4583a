package org.phirecords.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phirecords.internal.meter.CommandKind;
import org.phirecords.internal.meter.CommandMeter;

/**
 * One side's store commands so far, as its driver's {@link CommandMeter} counted them (the module's
 * and the baseline WAR's in Payara, the raw driver's in this JVM): by collection and kind over
 * every thread, and summed over the requests, the acknowledged writes each waited on in order. The
 * difference of two snapshots is what a measured period (and the asynchronous work after it) cost.
 */
record StoreCommands(
    Map<String, long[]> byCollection, long requests, long sequentialWrites, long sharedWrites) {

  private static final Pattern METRIC =
      Pattern.compile(
          "(?m)^(?:application_)?(phi_records_store_[a-z_]+?)(?:_total)?(\\{[^}]*\\})?\\s+([0-9.eE+-]+)\\s*$");
  private static final Pattern KIND = Pattern.compile("kind=\"(\\w+)\"");
  private static final Pattern COLLECTION = Pattern.compile("collection=\"([^\"]+)\"");

  /** Nothing counted. */
  static final StoreCommands NONE = new StoreCommands(Map.of(), 0, 0, 0);

  /** Commands of {@code kind} on every collection. */
  long commands(CommandKind kind) {
    return byCollection.values().stream().mapToLong(a -> a[kind.ordinal()]).sum();
  }

  /** What was counted since {@code before}. */
  StoreCommands minus(StoreCommands before) {
    Map<String, long[]> delta = new TreeMap<>();
    byCollection.forEach(
        (c, a) -> {
          long[] b = before.byCollection.getOrDefault(c, new long[3]);
          long[] d = {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
          if (d[0] != 0 || d[1] != 0 || d[2] != 0) {
            delta.put(c, d);
          }
        });
    return new StoreCommands(
        delta,
        requests - before.requests,
        sequentialWrites - before.sequentialWrites,
        sharedWrites - before.sharedWrites);
  }

  /**
   * The figures per operation for the results: store commands (reads, writes, other) and per
   * collection, the requests an operation made, and the sequential acknowledged writes on its
   * requests' paths (all, and those shared with other requests).
   */
  JsonObjectBuilder perOperation(long operations) {
    double n = Math.max(1, operations);
    JsonObjectBuilder collections = Json.createObjectBuilder();
    byCollection.forEach(
        (c, a) ->
            collections.add(
                c,
                Json.createObjectBuilder()
                    .add("reads", round(a[0] / n))
                    .add("writes", round(a[1] / n))));
    return Json.createObjectBuilder()
        .add(
            "storeCommandsPerOperation",
            Json.createObjectBuilder()
                .add("reads", round(commands(CommandKind.READ) / n))
                .add("writes", round(commands(CommandKind.WRITE) / n))
                .add("other", round(commands(CommandKind.OTHER) / n)))
        .add("storeCommandsPerOperationByCollection", collections)
        .add("requestsPerOperation", round(requests / n))
        .add("sequentialAcknowledgedWritesPerOperation", round(sequentialWrites / n))
        .add("sharedSequentialWritesPerOperation", round(sharedWrites / n));
  }

  /** The raw driver's meter in this JVM. */
  static StoreCommands of(CommandMeter meter) {
    return new StoreCommands(
        meter.byCollection(),
        meter.requests(),
        meter.requestSequentialWrites(),
        meter.requestSharedWrites());
  }

  /** The module's, from Payara's MicroProfile Metrics (every application's lines summed). */
  static StoreCommands module(Http http) throws IOException, InterruptedException {
    String text = null;
    for (String path : new String[] {"/metrics?scope=application", "/metrics/application"}) {
      HttpResponse<String> r = http.send("GET", path, null, null);
      if (r.statusCode() == 200 && r.body().contains("phi_records_store_")) {
        text = r.body();
        break;
      }
    }
    if (text == null) {
      throw new IllegalStateException("the module's phi_records_store_* metrics are not exported");
    }
    return parse(text);
  }

  /** Parses the Prometheus text of the module's {@code phi_records_store_*} metrics. */
  static StoreCommands parse(String text) {
    Map<String, long[]> byCollection = new TreeMap<>();
    long requests = 0;
    long sequential = 0;
    long shared = 0;
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      long value = (long) Double.parseDouble(m.group(3));
      String tags = m.group(2) == null ? "" : m.group(2);
      switch (m.group(1)) {
        case "phi_records_store_commands" -> {
          Matcher kind = KIND.matcher(tags);
          Matcher collection = COLLECTION.matcher(tags);
          if (kind.find() && collection.find()) {
            int k = CommandKind.valueOf(kind.group(1).toUpperCase(java.util.Locale.ROOT)).ordinal();
            byCollection.computeIfAbsent(collection.group(1), c -> new long[3])[k] += value;
          }
        }
        case "phi_records_store_requests" -> requests += value;
        case "phi_records_store_request_sequential_writes" -> sequential += value;
        case "phi_records_store_request_shared_writes" -> shared += value;
        default -> {
          // other figures of the module: not part of a side's cost
        }
      }
    }
    return new StoreCommands(byCollection, requests, sequential, shared);
  }

  /** The baseline WAR's (and floor's), from {@code /bench-baseline/api/commands}. */
  static StoreCommands baseline(Http http) throws IOException, InterruptedException {
    JsonObject json;
    try (var reader =
        Json.createReader(
            new StringReader(http.ok("GET", "/bench-baseline/api/commands", null, null)))) {
      json = reader.readObject();
    }
    Map<String, long[]> byCollection = new TreeMap<>();
    json.getJsonObject("commands")
        .forEach(
            (c, v) -> {
              JsonObject k = v.asJsonObject();
              byCollection.put(
                  c,
                  new long[] {
                    k.getJsonNumber("read").longValue(),
                    k.getJsonNumber("write").longValue(),
                    k.getJsonNumber("other").longValue()
                  });
            });
    return new StoreCommands(
        byCollection,
        json.getJsonNumber("requests").longValue(),
        json.getJsonNumber("requestSequentialWrites").longValue(),
        json.getJsonNumber("requestSharedWrites").longValue());
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
