package org.phirecords.it.support;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.ne;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Checks, after an outage or a crash, that nothing acknowledged was lost and nothing is
 * half-written: every acknowledged write reads back as sent (through the API), and every document
 * of the tenant in the store (read with a plain driver client) was announced in the audit trail and
 * has its outcome recorded, or still has an open intent waiting for the reconciler.
 */
public final class StoredWrites {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private StoredWrites() {}

  /** What the store holds for a tenant. */
  public record Audit(
      int documents,
      int concluded,
      int concludedByReconciler,
      int pending,
      int successEvents,
      List<String> problems) {}

  /**
   * Intents of a tenant left open: {@code open} in all, {@code claimed} by a request that was
   * concluding them, and {@code onlyClosing} whose outcome is recorded (only closing the intent was
   * cut off: the reconciler closes it without a new outcome and without a count).
   */
  public record OpenIntents(int open, int claimed, int onlyClosing) {}

  /**
   * Ages the open intents of {@code tenant} as if the instances that left them had been down for a
   * minute: the reconciler leaves intents younger than a minute alone (their request may still be
   * running on another instance), and takes over an intent a request had claimed once the claim is
   * five minutes old. Call it when no request of the tenant is running any more.
   */
  public static OpenIntents ageOpenIntents(MongoClient client, String tenant) {
    MongoDatabase audit = client.getDatabase("phi_audit");
    MongoCollection<Document> intents = audit.getCollection("audit_intents");
    int claimed =
        (int)
            intents
                .updateMany(
                    and(eq("tenantId", tenant), exists("claimedAt")),
                    Updates.set("claimedAt", new Date(System.currentTimeMillis() - 360_000)))
                .getModifiedCount();
    int open =
        (int)
            intents
                .updateMany(
                    eq("tenantId", tenant),
                    Updates.set("createdAt", new Date(System.currentTimeMillis() - 120_000)))
                .getModifiedCount();
    int onlyClosing = 0;
    for (Document intent : intents.find(eq("tenantId", tenant))) {
      if (audit
              .getCollection("audit_events")
              .countDocuments(
                  and(eq("intentId", intent.getString("_id")), ne("outcome", "INTENDED")))
          > 0) {
        onlyClosing++;
      }
    }
    return new OpenIntents(open, claimed, onlyClosing);
  }

  /**
   * What is wrong between the records of {@code tenant} in the store and its integration event
   * stream read over HTTP as {@code token} (ADR 35): every record (all at version 1 here) has
   * exactly one event, and no event names a record the store does not hold.
   */
  public static List<String> eventsNotOncePerRecord(
      MongoClient client, String base, String token, String tenant) throws Exception {
    Map<String, Integer> seen = new java.util.HashMap<>();
    String after = null;
    while (true) {
      HttpResponse<String> r =
          CLIENT.send(
              HttpRequest.newBuilder(
                      URI.create(
                          base
                              + "/records-web/api/integration/events?limit=500"
                              + (after == null ? "" : "&after=" + after)))
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return List.of("the event stream answered " + r.statusCode());
      }
      JsonObject page = Json.createReader(new StringReader(r.body())).readObject();
      List<JsonObject> events = page.getJsonArray("events").getValuesAs(JsonObject.class);
      if (events.isEmpty()) {
        break;
      }
      for (JsonObject e : events) {
        String key = e.getString("type") + " " + e.getString("entryId", e.getString("patientId"));
        seen.merge(key, 1, Integer::sum);
      }
      after = page.getString("next");
    }
    List<String> wrong = new ArrayList<>();
    Map<String, MongoCollection<Document>> stores =
        Map.of(
            "PatientRegistered",
            client.getDatabase("phi_identity").getCollection("patients"),
            "EntryRecorded",
            client.getDatabase("phi_clinical").getCollection("clinical_entries"));
    int records = 0;
    for (Map.Entry<String, MongoCollection<Document>> store : stores.entrySet()) {
      String id = store.getKey().equals("PatientRegistered") ? "patientId" : "recordId";
      for (Document doc : store.getValue().find(eq("tenantId", tenant))) {
        records++;
        int n = seen.getOrDefault(store.getKey() + " " + doc.getString(id), 0);
        if (n != 1) {
          wrong.add(store.getKey() + " of a stored record seen " + n + " times");
        }
      }
    }
    int events = seen.values().stream().mapToInt(Integer::intValue).sum();
    if (events != records) {
      wrong.add(events + " events for " + records + " stored records");
    }
    return wrong;
  }

  /** The acknowledged writes that do not read back as sent; empty if all do. */
  public static List<String> notReadableAsSent(
      String base, String token, Collection<WriteLoad.Ack> acks) throws Exception {
    List<String> wrong = new ArrayList<>();
    for (WriteLoad.Ack ack : acks) {
      String path =
          "patient".equals(ack.kind())
              ? "/records-web/api/patients/" + ack.id()
              : "/records-web/api/entries/" + ack.id();
      HttpResponse<String> r =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        wrong.add(ack.kind() + " " + ack.id() + ": HTTP " + r.statusCode());
        continue;
      }
      String mismatch = firstMismatch("", json(ack.json()), json(r.body()));
      if (mismatch != null) {
        wrong.add(ack.kind() + " " + ack.id() + ": differs at " + mismatch);
      }
    }
    return wrong;
  }

  /** Checks every patient and clinical entry document of {@code tenant} against the audit trail. */
  public static Audit audit(MongoClient client, String tenant) {
    MongoDatabase audit = client.getDatabase("phi_audit");
    MongoCollection<Document> events = audit.getCollection("audit_events");
    MongoCollection<Document> intents = audit.getCollection("audit_intents");
    List<String> problems = new ArrayList<>();
    int documents = 0;
    int concluded = 0;
    int byReconciler = 0;
    int pending = 0;
    Map<String, MongoCollection<Document>> stores =
        Map.of(
            "PatientDirectory.create",
            client.getDatabase("phi_identity").getCollection("patients"),
            "ClinicalRecords.create",
            client.getDatabase("phi_clinical").getCollection("clinical_entries"));
    for (MongoCollection<Document> coll : stores.values()) {
      for (Document doc : coll.find(eq("tenantId", tenant))) {
        documents++;
        String intent = doc.getString("writtenByIntent");
        if (intent == null) {
          problems.add(coll.getNamespace() + ": a document without its intent stamp");
          continue;
        }
        List<Document> announced = events.find(eq("intentId", intent)).into(new ArrayList<>());
        if (announced.stream().noneMatch(e -> "INTENDED".equals(e.getString("outcome")))) {
          problems.add(coll.getNamespace() + ": a document whose write was never announced");
        }
        Document success =
            announced.stream()
                .filter(e -> "SUCCESS".equals(e.getString("outcome")))
                .findFirst()
                .orElse(null);
        if (success != null) {
          concluded++;
          if ("system:audit-reconciler".equals(success.getString("subject"))) {
            byReconciler++;
          }
        } else if (intents.countDocuments(eq("_id", intent)) > 0) {
          pending++;
        } else {
          problems.add(
              coll.getNamespace()
                  + ": a document with neither a recorded outcome nor an open intent ("
                  + announced.stream().map(e -> e.getString("outcome")).toList()
                  + ")");
        }
      }
    }
    // The other way round: every write the trail calls a success is in the store.
    int successes = 0;
    for (var op : stores.entrySet()) {
      String idField = op.getKey().startsWith("Patient") ? "patientId" : "recordId";
      for (Document e :
          events.find(
              and(eq("operation", op.getKey()), eq("outcome", "SUCCESS"), exists("intentId")))) {
        if (!tenant.equals(e.getString("tenantId")) && !tenant.equals(e.getString("chain"))) {
          continue;
        }
        successes++;
        if (op.getValue()
                .countDocuments(
                    and(
                        eq("tenantId", tenant),
                        eq(idField, e.getString("resourceId")),
                        eq("writtenByIntent", e.getString("intentId"))))
            == 0) {
          problems.add(op.getKey() + ": the trail records a success that is not in the store");
        }
      }
    }
    return new Audit(documents, concluded, byReconciler, pending, successes, problems);
  }

  /** The tenant's chain verified by tenant-admin for a platform admin. */
  public static JsonObject verifyChain(String base, String platformAdminToken, String tenant)
      throws Exception {
    HttpResponse<String> r =
        CLIENT.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/tenant-admin/api/audit/chains/" + tenant + "/verify"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + platformAdminToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("chain verification answered " + r.statusCode() + " " + r.body());
    }
    return (JsonObject) json(r.body());
  }

  private static JsonValue json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readValue();
    }
  }

  /** The first field of {@code expected} that {@code actual} lacks or holds differently. */
  private static String firstMismatch(String at, JsonValue expected, JsonValue actual) {
    if (expected instanceof JsonObject e) {
      if (!(actual instanceof JsonObject a)) {
        return at.isEmpty() ? "/" : at;
      }
      for (String key : e.keySet()) {
        String m = firstMismatch(at + "/" + key, e.get(key), a.get(key));
        if (m != null) {
          return m;
        }
      }
      return null;
    }
    if (expected.getValueType() == JsonValue.ValueType.ARRAY) {
      if (actual == null || actual.getValueType() != JsonValue.ValueType.ARRAY) {
        return at;
      }
      var e = expected.asJsonArray();
      var a = actual.asJsonArray();
      if (e.size() != a.size()) {
        return at;
      }
      for (int i = 0; i < e.size(); i++) {
        String m = firstMismatch(at + "/" + i, e.get(i), a.get(i));
        if (m != null) {
          return m;
        }
      }
      return null;
    }
    return expected.equals(actual) ? null : at;
  }
}
