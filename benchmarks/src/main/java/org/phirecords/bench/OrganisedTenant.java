package org.phirecords.bench;

import com.mongodb.client.MongoClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.phirecords.dev.DevTokens;
import org.phirecords.model.GrantId;

/**
 * The organised tenant of a run ({@code --organisations N}, issue 23): a tree of N organisations
 * (clients, groups below them, facilities below those), its patients spread over the facilities
 * through memberships in effect, and scoped callers holding grants at a client, a group or a
 * facility, as physician and as billing. Organisations and memberships go through the API, as a
 * tenant would create them; grants, which have no API yet, are stored in GrantRepository's form
 * before the module first reads the tenant's model. Every other organisation has a physician grant
 * of its own, so that resolving a caller's scope walks a tenant's worth of grants.
 */
final class OrganisedTenant {
  /** The tenant's id. */
  static final String ID = "bench-orgs";

  /**
   * The shape of the tree: clients, groups (round-robin below clients), facilities below groups.
   */
  record Shape(int clients, int groups, int facilities) {
    /**
     * A three-level tree of exactly {@code organisations} nodes: about the cube root of it clients,
     * as many groups per client, the rest facilities (at least one per group).
     */
    static Shape of(int organisations) {
      if (organisations < 10) {
        throw new IllegalArgumentException("--organisations needs at least 10");
      }
      int k = Math.max(2, (int) Math.round(Math.cbrt(organisations)));
      while (k > 2 && k + 2 * k * k > organisations) {
        k--;
      }
      return new Shape(k, k * k, organisations - k - k * k);
    }

    int total() {
      return clients + groups + facilities;
    }

    /** Whether facility {@code f} lies at or below {@code level}'s node {@code node}. */
    boolean within(int f, String level, int node) {
      return switch (level) {
        case "client" -> f % groups % clients == node;
        case "group" -> f % groups == node;
        default -> f == node;
      };
    }
  }

  /** A scoped caller pair: physician and billing granted at one organisation of one level. */
  record Caller(String level, String organisation, String physician, String billing, int node) {}

  /** How many callers of each level (one organisation each). */
  private static final int CALLERS_PER_LEVEL = 10;

  final Shape shape;
  final List<Caller> callers = new ArrayList<>();

  /** Patient ids and MRNs by load order; patient i is a member of facility i % facilities. */
  final List<String> ids = Collections.synchronizedList(new ArrayList<>());

  final List<String> mrns = Collections.synchronizedList(new ArrayList<>());
  private final List<Integer> facilityOf = Collections.synchronizedList(new ArrayList<>());

  private final Http http;
  private final String root;
  private int grants;

  /**
   * Onboards the tenant, creates its tree through the tenant-admin API and stores the grants
   * through {@code store} (the module's store).
   */
  OrganisedTenant(Http http, DevTokens tokens, MongoClient store, int organisations)
      throws Exception {
    this.http = http;
    this.shape = Shape.of(organisations);
    String platform = tokens.mint("bench-platform-admin", "platform-admin", null, null);
    http.ok(
        "POST",
        "/tenant-admin/api/tenants",
        platform,
        "{\"id\":\""
            + ID
            + "\",\"displayName\":\"Bench organisations\",\"contact\":\"privacy@bench.example\","
            + "\"residency\":\"local\",\"firstAdmin\":\"bench-orgs-admin\"}");
    root = tokens.mint("bench-orgs-root-physician", "physician", ID, null);
    String admin = tokens.mint("bench-orgs-admin", "tenant-admin", ID, null);
    DataSet.Progress progress = new DataSet.Progress("creating organisations", shape.total());
    for (int c = 0; c < shape.clients; c++) {
      organisation(admin, "client-" + c, "CLIENT", null);
      progress.step();
    }
    for (int g = 0; g < shape.groups; g++) {
      organisation(admin, "group-" + g, "EMPLOYER_GROUP", "client-" + (g % shape.clients));
      progress.step();
    }
    for (int f = 0; f < shape.facilities; f++) {
      organisation(admin, "facility-" + f, "FACILITY", "group-" + (f % shape.groups));
      progress.step();
    }
    List<Document> stored = new ArrayList<>();
    for (String level : List.of("client", "group", "facility")) {
      int nodes =
          switch (level) {
            case "client" -> shape.clients;
            case "group" -> shape.groups;
            default -> shape.facilities;
          };
      for (int n = 0; n < nodes; n++) {
        String org = level + "-" + n;
        String physician = "bench-orgs-physician-" + org;
        if (n < CALLERS_PER_LEVEL) {
          // Physicians by subject, billing by IdP group: both kinds of principal (ADR 27). The
          // token's own group is mapped to no role, so every role it holds is granted.
          String group = "billing-" + org;
          stored.add(grant("SUBJECT", physician, "PHYSICIAN", org));
          stored.add(grant("GROUP", group, "BILLING", org));
          callers.add(
              new Caller(
                  level,
                  org,
                  tokens.mint(physician, "bench-staff", ID, null),
                  tokens.mint("bench-orgs-billing-" + org, group, ID, null),
                  n));
        } else {
          stored.add(grant("SUBJECT", physician, "PHYSICIAN", org));
        }
      }
    }
    store.getDatabase("phi_tenants").getCollection("grants").insertMany(stored);
    grants = stored.size();
  }

  private void organisation(String admin, String id, String kind, String parent) throws Exception {
    http.ok(
        "POST",
        "/tenant-admin/api/organisations",
        admin,
        "{\"id\":\""
            + id
            + "\",\"displayName\":\"Bench "
            + id
            + "\",\"kind\":\""
            + kind
            + "\""
            + (parent == null ? "" : ",\"parent\":\"" + parent + "\"")
            + "}");
  }

  /** An active grant in GrantRepository's stored form. */
  private static Document grant(String kind, String principal, String role, String organisation) {
    return new Document("tenantId", ID)
        .append("grantId", GrantId.random().value())
        .append("principalKind", kind)
        .append("principal", principal)
        .append("role", role)
        .append("organisationId", organisation)
        .append("status", "ACTIVE")
        .append("requestedBy", "bench-orgs-admin")
        .append("approvedBy", "bench-orgs-admin-2")
        .append("version", 1L)
        .append("createdAt", new Date());
  }

  /** Grants stored. */
  int grants() {
    return grants;
  }

  /**
   * Loads {@code patients} patients through the API as a physician holding the role tenant-wide:
   * each with {@code entries} entries and a membership of its facility, open, begun 30 days ago.
   */
  void load(int patients, int entries, int threads) throws Exception {
    DataSet.Progress progress = new DataSet.Progress("loading organised patients", patients);
    String start = Instant.now().minus(Duration.ofDays(30)).toString();
    if (patients == 0) {
      return;
    }
    // The first on its own: records-web meets this tenant's master key (onboarded after it
    // started) here, and concurrent first calls can fail while it takes the key in (503
    // PHR-503-03 from Encryptions.call: a caller that lost the race to refresh does not retry).
    add(0, entries, start, new SyntheticData(5));
    progress.step();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int worker = w;
        jobs.add(
            pool.submit(
                () -> {
                  SyntheticData data = new SyntheticData(53L * worker + 5);
                  for (int i = 1 + worker; i < patients; i += threads) {
                    add(i, entries, start, data);
                    progress.step();
                  }
                  return null;
                }));
      }
      for (Future<?> job : jobs) {
        job.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private void add(int i, int entries, String start, SyntheticData data) throws Exception {
    String mrn = "O" + i;
    String id = Http.id(http.ok("POST", "/records-web/api/patients", root, data.patient(mrn)));
    for (int e = 0; e < entries; e++) {
      String entry = data.entry(e);
      http.ok("POST", "/records-web/api/patients/" + id + "/entries", root, entry);
    }
    int facility = i % shape.facilities;
    http.ok(
        "POST",
        "/records-web/api/patients/" + id + "/memberships",
        root,
        "{\"organisation\":\"facility-" + facility + "\",\"start\":\"" + start + "\"}");
    synchronized (this) {
      ids.add(id);
      mrns.add(mrn);
      facilityOf.add(facility);
    }
  }

  /** The patients (by load index) within {@code caller}'s organisation. */
  List<Integer> reach(Caller caller) {
    List<Integer> in = new ArrayList<>();
    synchronized (this) {
      for (int p = 0; p < facilityOf.size(); p++) {
        if (shape.within(facilityOf.get(p), caller.level(), caller.node())) {
          in.add(p);
        }
      }
    }
    return in;
  }

  /** A patient (by load index) outside {@code caller}'s organisation, if there is one. */
  int outside(Caller caller) {
    synchronized (this) {
      for (int p = 0; p < facilityOf.size(); p++) {
        if (!shape.within(facilityOf.get(p), caller.level(), caller.node())) {
          return p;
        }
      }
    }
    return -1;
  }
}
