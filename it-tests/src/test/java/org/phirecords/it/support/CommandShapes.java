package org.phirecords.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shapes of the store commands every Payara of this test run sent, as the module's command
 * meter recorded them in development mode ({@code records.mongodb.command-shapes}, one line per
 * distinct shape: {@code collection command pinned|unpinned [fields]}; names only, never a value).
 * Read to prove that each command on tenant data can be routed to one shard under a shard key that
 * starts with {@code tenantId} (issue 24, scale-out readiness).
 */
public final class CommandShapes {
  /**
   * Collections holding tenant data: each document carries {@code tenantId} and every index starts
   * with it (IndexCatalog), so each is sharded on a key starting with {@code tenantId}.
   */
  public static final Set<String> TENANT_DATA =
      Set.of(
          "patients",
          "patient_links",
          "patient_invitations",
          "memberships",
          "care_teams",
          "emergency_access",
          "clinical_entries",
          "amendments",
          "audit_events",
          "organisations",
          "grants",
          "session_revocations",
          "import_jobs",
          "export_jobs",
          "export_parts",
          "analytics_facts",
          "analytics_queries",
          "analytics_saved_queries",
          "bulk_import_jobs",
          "bulk_import_chunks",
          "proxy_grants",
          "disclosures",
          "dataset_relinks");

  /**
   * The documented exceptions: platform collections, not sharded by {@code tenantId}, and why
   * (docs/operations.md, "Sharding").
   */
  public static final Map<String, String> PLATFORM =
      Map.of(
          "tenants", "the tenant registry: one document per tenant, keyed by the tenant's id",
          "data_keys", "the key vault: read by the driver by key id or alt name",
          "key_rotations", "key administration: one document per tenant, keyed by the tenant's id",
          "audit_chain_heads", "one document per audit chain, keyed by the tenant's id",
          "audit_chain_anchors", "one document per audit chain, keyed by the tenant's id",
          "audit_intents", "write intents awaiting their outcome; the reconciler scans them all",
          "audit_activity", "anomaly counters per user, kept by the alert observers",
          "audit_alerts", "anomaly alerts raised, kept by the alert observers",
          "schema_migrations", "data migrations' lock and states, keyed by _id (ADR 52)");

  /**
   * The documented exceptions on tenant data: commands that ask across tenants on purpose, and
   * under sharding go to every shard. The anomaly alerts' observer (asynchronous, never on a
   * request's path) asks, after an access to a patient or entry id that was not found, whether the
   * id exists in another tenant ({@code TenantCollections.existsOutside}: the id and {@code
   * tenantId $ne}, counted). The bulk export sweep (a timer, never on a request's path) removes
   * expired jobs and file parts of every tenant ({@code expiresAt $lt}; ADR 38), and expired
   * re-linking requests (ADR 44); so does the bulk import worker's sweep of expired import jobs and
   * chunks (ADR 40).
   */
  public static final Set<String> CROSS_TENANT =
      Set.of(
          "patients aggregate unpinned [patientId,tenantId]",
          "clinical_entries aggregate unpinned [recordId,tenantId]",
          "export_jobs delete unpinned [expiresAt]",
          "export_parts delete unpinned [expiresAt]",
          "dataset_relinks delete unpinned [expiresAt]",
          "bulk_import_jobs delete unpinned [expiresAt]",
          "bulk_import_chunks delete unpinned [expiresAt]");

  private CommandShapes() {}

  /** Every shape recorded so far in this test run (it.command.shapes). */
  public static List<String> recorded() {
    Path file = Path.of(System.getProperty("it.command.shapes"));
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The collection a shape line names. */
  public static String collection(String line) {
    return line.substring(0, line.indexOf(' '));
  }

  /** Whether a shape line pins {@code tenantId} by equality. */
  public static boolean pinned(String line) {
    return line.split(" ")[2].equals("pinned");
  }
}
