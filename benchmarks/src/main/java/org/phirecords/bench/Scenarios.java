package org.phirecords.bench;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.Document;
import org.phirecords.internal.meter.CommandMeter;
import org.phirecords.internal.meter.RequestTally;

/**
 * The five scenarios, each on four sides: the secured module, the bare baseline WAR (same requests,
 * no protection), the floor (the baseline WAR's requests with the store commands the invariants
 * require beside each) and the raw driver in-process (same document operations).
 */
final class Scenarios {
  /** The sides of a comparison. */
  enum Side {
    SECURED,
    BASELINE_WAR,
    /** The baseline WAR with the invariants' store commands: bench-baseline's FloorResource. */
    FLOOR,
    RAW_DRIVER
  }

  /** A named scenario; {@code writes}: it adds data (so it never runs unmeasured: BenchRun). */
  record Scenario(String name, String description, boolean writes) {}

  /**
   * The scenarios in the order they run: writes last, because each side's writes grow its own
   * collections by a different amount (the raw driver inserts the fastest) and the reads of every
   * side must meet the same data.
   */
  static final List<Scenario> ALL =
      List.of(
          new Scenario(
              "physician-reads-record", "identity, then the latest clinical entries", false),
          new Scenario("billing-reads-view", "the minimum-necessary billing view", false),
          new Scenario("patient-reads-own-record", "a patient's own identity and entries", false),
          new Scenario("lookup-by-mrn", "find a patient by medical record number", false),
          new Scenario("physician-creates-encounter", "one new encounter entry", true));

  private static final List<String> BILLABLE = List.of("ENCOUNTER", "CONDITION", "PROCEDURE");

  private final Http http;
  private final DataSet data;
  private final MongoCollection<Document> rawPatients;
  private final MongoCollection<Document> rawEntries;
  private final CommandMeter rawMeter;
  private final SyntheticData synthetic = new SyntheticData(99);

  /**
   * {@code rawMeter}: the meter of the raw driver's client, which counts each raw operation as one
   * request, as the WARs count each of theirs.
   */
  Scenarios(
      Http http,
      DataSet data,
      MongoCollection<Document> rawPatients,
      MongoCollection<Document> rawEntries,
      CommandMeter rawMeter) {
    this.http = http;
    this.data = data;
    this.rawPatients = rawPatients;
    this.rawEntries = rawEntries;
    this.rawMeter = rawMeter;
  }

  LoadDriver.Operation operation(String scenario, Side side) {
    return random -> {
      DataSet.Tenant t = data.tenants.get(random.nextInt(data.tenants.size()));
      int i = random.nextInt(t.securedIds.size());
      switch (side) {
        case SECURED -> secured(scenario, t, i, random);
        case BASELINE_WAR ->
            baseline("/bench-baseline/api", scenario, t.baselineIds.get(i), t.mrns.get(i));
        case FLOOR ->
            baseline("/bench-baseline/api/floor", scenario, t.baselineIds.get(i), t.mrns.get(i));
        case RAW_DRIVER -> {
          RequestTally.begin();
          try {
            raw(scenario, t.baselineIds.get(i), t.mrns.get(i));
          } finally {
            rawMeter.requestEnded(RequestTally.end());
          }
        }
      }
    };
  }

  private void secured(String scenario, DataSet.Tenant t, int i, ThreadLocalRandom random)
      throws Exception {
    String id = t.securedIds.get(i);
    String api = "/records-web/api";
    switch (scenario) {
      case "physician-reads-record" -> {
        http.ok("GET", api + "/patients/" + id, t.physician, null);
        http.ok("GET", api + "/patients/" + id + "/entries", t.physician, null);
      }
      case "physician-creates-encounter" ->
          http.ok("POST", api + "/patients/" + id + "/entries", t.physician, synthetic.encounter());
      case "billing-reads-view" -> http.ok("GET", api + "/billing/patients/" + id, t.billing, null);
      case "patient-reads-own-record" -> {
        String[] login = t.patientLogins.get(random.nextInt(t.patientLogins.size()));
        http.ok("GET", api + "/patients/" + login[0], login[1], null);
        http.ok("GET", api + "/patients/" + login[0] + "/entries", login[1], null);
      }
      case "lookup-by-mrn" ->
          http.ok(
              "POST", api + "/patients/search", t.physician, "{\"mrn\":\"" + t.mrns.get(i) + "\"}");
      default -> throw new IllegalArgumentException(scenario);
    }
  }

  private void baseline(String api, String scenario, String id, String mrn) throws Exception {
    switch (scenario) {
      case "physician-reads-record", "patient-reads-own-record" -> {
        http.ok("GET", api + "/patients/" + id, null, null);
        http.ok("GET", api + "/patients/" + id + "/entries", null, null);
      }
      case "physician-creates-encounter" ->
          http.ok("POST", api + "/patients/" + id + "/entries", null, synthetic.encounter());
      case "billing-reads-view" -> http.ok("GET", api + "/billing/" + id, null, null);
      case "lookup-by-mrn" ->
          http.ok("POST", api + "/patients/search", null, "{\"mrn\":\"" + mrn + "\"}");
      default -> throw new IllegalArgumentException(scenario);
    }
  }

  private void raw(String scenario, String id, String mrn) {
    switch (scenario) {
      case "physician-reads-record", "patient-reads-own-record" -> {
        require(rawPatients.find(eq("patientId", id)).first());
        rawEntries
            .find(eq("patientId", id))
            .sort(new Document("effectiveDate", -1))
            .into(new ArrayList<>());
      }
      case "physician-creates-encounter" -> {
        Document entry = Document.parse(synthetic.encounter());
        entry.put("patientId", id);
        rawEntries.insertOne(entry);
      }
      case "billing-reads-view" -> {
        require(
            rawPatients
                .find(eq("patientId", id))
                .projection(
                    new Document("givenName", 1)
                        .append("familyName", 1)
                        .append("birthDate", 1)
                        .append("memberId", 1))
                .first());
        List<Document> coded = new ArrayList<>();
        for (Document entry :
            rawEntries
                .find(eq("patientId", id))
                .projection(
                    new Document("type", 1).append("codes", 1).append("effectiveDate", 1))) {
          if (BILLABLE.contains(entry.getString("type"))) {
            coded.add(entry);
          }
        }
      }
      case "lookup-by-mrn" -> rawPatients.find(eq("mrn", mrn)).into(new ArrayList<>());
      default -> throw new IllegalArgumentException(scenario);
    }
  }

  private static void require(Document found) {
    if (found == null) {
      throw new IllegalStateException("not found");
    }
  }
}
