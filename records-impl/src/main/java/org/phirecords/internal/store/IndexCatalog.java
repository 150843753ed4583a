package org.phirecords.internal.store;

import static com.mongodb.client.model.Indexes.ascending;
import static com.mongodb.client.model.Indexes.compoundIndex;
import static com.mongodb.client.model.Indexes.descending;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bson.conversions.Bson;

/**
 * Every index of the module. Each index on tenant data starts with {@code tenantId}, so that it can
 * be the shard-key prefix; a unit test holds that true.
 */
public final class IndexCatalog {
  private IndexCatalog() {}

  /** Index models per collection. */
  public static Map<StoredCollection, List<IndexModel>> indexes() {
    Map<StoredCollection, List<IndexModel>> all = new EnumMap<>(records());
    all.putAll(access());
    all.putAll(bulkImports());
    all.putAll(analytics());
    return all;
  }

  /** Who may reach what below the tenant (ADR 27, ADR 28). */
  private static Map<StoredCollection, List<IndexModel>> access() {
    return Map.of(
        StoredCollection.IMPORT_JOBS,
        List.of(unique("tenant_job", ascending("tenantId", "jobId"))),
        StoredCollection.GRANTS,
        List.of(unique("tenant_grant", ascending("tenantId", "grantId"))),
        StoredCollection.CARE_TEAMS,
        // A patient's care team, in the order places began (ADR 30).
        List.of(unique("tenant_patient_member", ascending("tenantId", "patientId", "memberId"))),
        StoredCollection.PROXY_GRANTS,
        // A patient's grants; the authorization check's look-up of one representative (ADR 46).
        List.of(
            unique("tenant_patient_proxy", ascending("tenantId", "patientId", "grantId")),
            new IndexModel(
                ascending("tenantId", "issuer", "subject", "patientId"),
                new IndexOptions().name("tenant_representative_patient"))),
        StoredCollection.EMERGENCY_ACCESS,
        List.of(
            unique("tenant_declaration", ascending("tenantId", "declarationId")),
            // The privacy officer's review queue, oldest first (ADR 28).
            new IndexModel(
                ascending("tenantId", "review", "declaredAt", "declarationId"),
                new IndexOptions().name("tenant_review_declared"))),
        // Bulk exports by id; a file's parts in order (ADR 38).
        StoredCollection.EXPORT_JOBS,
        List.of(unique("tenant_export", ascending("tenantId", "exportId"))),
        StoredCollection.EXPORT_PARTS,
        List.of(unique("tenant_export_part", ascending("tenantId", "exportId", "type", "seq"))),
        // Re-linking requests by id; the privacy officer's pending ones, oldest first (ADR 44).
        StoredCollection.DATASET_RELINKS,
        List.of(
            unique("tenant_relink", ascending("tenantId", "relinkId")),
            new IndexModel(
                ascending("tenantId", "state", "requestedAt"),
                new IndexOptions().name("tenant_state_requested"))),
        // A patient's accounting, newest first (ADR 47).
        StoredCollection.DISCLOSURES,
        List.of(
            unique("tenant_disclosure", ascending("tenantId", "disclosureId")),
            new IndexModel(
                ascending("tenantId", "patientId", "state", "disclosedAt", "disclosureId"),
                new IndexOptions().name("tenant_patient_state_disclosed"))));
  }

  /** The de-identified analytics projection, its queries and saved queries (ADR 43, ADR 45). */
  private static Map<StoredCollection, List<IndexModel>> analytics() {
    return Map.of(
        // One fact per entry version; queries by month; a patient's facts by key (ADR 43).
        StoredCollection.ANALYTICS_FACTS,
        List.of(
            unique("tenant_fact_version", ascending("tenantId", "f", "v")),
            new IndexModel(ascending("tenantId", "m"), new IndexOptions().name("tenant_month")),
            new IndexModel(ascending("tenantId", "k"), new IndexOptions().name("tenant_key"))),
        StoredCollection.ANALYTICS_QUERIES,
        List.of(
            unique("tenant_query", ascending("tenantId", "queryId")),
            new IndexModel(ascending("tenantId", "at"), new IndexOptions().name("tenant_at"))),
        // Saved queries by id, and one per name (ADR 45).
        StoredCollection.ANALYTICS_SAVED_QUERIES,
        List.of(
            unique("tenant_saved_query", ascending("tenantId", "savedQueryId")),
            unique("tenant_saved_name", ascending("tenantId", "name"))));
  }

  private static Map<StoredCollection, List<IndexModel>> records() {
    return Map.of(
        StoredCollection.PATIENTS,
        List.of(
            unique("tenant_patient", ascending("tenantId", "patientId")),
            unique("tenant_mrn", ascending("tenantId", "mrn")),
            // Name-and-birth-date search, paged by patient id (ADR 19).
            new IndexModel(
                ascending("tenantId", "nameDob", "patientId"),
                new IndexOptions().name("tenant_namedob_patient")),
            // A scoped caller's patients: those with a membership of an organisation in reach
            // (ADR 27; multikey over the patient's memberships).
            new IndexModel(
                ascending("tenantId", "reach.o", "patientId"),
                new IndexOptions().name("tenant_reach_patient")),
            // A physician narrowed to their care teams: the patients whose team lists them (ADR
            // 30; multikey over the team's subjects).
            new IndexModel(
                ascending("tenantId", "careTeam", "patientId"),
                new IndexOptions().name("tenant_careteam_patient")),
            // The registrations merged into a survivor, which its reads include (ADR 36); sparse,
            // as few registrations are ever merged.
            new IndexModel(
                ascending("tenantId", "mergedInto.survivor"),
                new IndexOptions().name("tenant_merged_survivor").sparse(true))),
        StoredCollection.PATIENT_LINKS,
        List.of(
            unique("tenant_issuer_subject", ascending("tenantId", "issuer", "subject")),
            // Unlinking finds a record's links by patient.
            unique(
                "tenant_patient_issuer_subject",
                ascending("tenantId", "patientId", "issuer", "subject"))),
        StoredCollection.PATIENT_INVITATIONS,
        List.of(
            unique("tenant_code", ascending("tenantId", "codeHash")),
            unique(
                "tenant_patient_invitation", ascending("tenantId", "patientId", "invitationId"))),
        StoredCollection.MEMBERSHIPS,
        List.of(
            // A patient's memberships, paged by id (ADR 19).
            unique("tenant_patient_membership", ascending("tenantId", "patientId", "membershipId")),
            unique("tenant_membership", ascending("tenantId", "membershipId")),
            // Closing an organisation asks whether any membership of it is still in effect.
            new IndexModel(
                ascending("tenantId", "organisationId", "end"),
                new IndexOptions().name("tenant_organisation_end"))),
        StoredCollection.ORGANISATIONS,
        List.of(unique("tenant_organisation", ascending("tenantId", "organisationId"))),
        StoredCollection.SESSION_REVOCATIONS,
        List.of(unique("tenant_issuer_subject", ascending("tenantId", "issuer", "subject"))),
        StoredCollection.CLINICAL_ENTRIES,
        List.of(
            unique("tenant_record_version", ascending("tenantId", "recordId", "version")),
            // A patient's entries, paged in this order (ADR 19: effective date descending, entry
            // id, version descending); it replaces tenant_patient_effective.
            new IndexModel(
                compoundIndex(
                    ascending("tenantId", "patientId"),
                    descending("effectiveDate"),
                    ascending("recordId"),
                    descending("version")),
                new IndexOptions().name("tenant_patient_effective_record"))),
        StoredCollection.AMENDMENTS,
        List.of(
            unique("tenant_amendment", ascending("tenantId", "amendmentId")),
            // A patient's requests, paged newest first by (requestedAt, amendmentId) (ADR 19);
            // it replaces tenant_patient_requested.
            new IndexModel(
                ascending("tenantId", "patientId", "requestedAt", "amendmentId"),
                new IndexOptions().name("tenant_patient_requested_id")),
            // Readers of an entry join its open and denied requests by entry id.
            new IndexModel(
                ascending("tenantId", "recordId", "requestedAt"),
                new IndexOptions().name("tenant_record_requested"))),
        StoredCollection.AUDIT_EVENTS,
        List.of(
            unique("tenant_seq", ascending("tenantId", "seq")),
            new IndexModel(
                ascending("tenantId", "intentId"), new IndexOptions().name("tenant_intent")),
            new IndexModel(
                ascending("tenantId", "occurredAt"), new IndexOptions().name("tenant_time")),
            // A patient's access history and the privacy officer's search by patient, paged by
            // chain position (ADR 19); it replaces tenant_patient_time.
            new IndexModel(
                ascending("tenantId", "patientId", "seq"),
                new IndexOptions().name("tenant_patient_seq"))));
  }

  /**
   * Indexes of platform collections (not tenant data): the key vault's unique alt names, and the
   * issuers of tenants' own identity providers (one tenant per issuer; sparse, as most tenants have
   * none).
   */
  public static Map<StoredCollection, List<IndexModel>> platformIndexes() {
    return Map.of(
        StoredCollection.DATA_KEYS,
        List.of(unique("key_alt_names", ascending("keyAltNames"))),
        StoredCollection.TENANTS,
        List.of(
            new IndexModel(
                ascending("idp.issuer"),
                new IndexOptions().name("idp_issuer").unique(true).sparse(true))));
  }

  /** Bulk NDJSON import jobs by id, and a file's chunks (ADR 40). */
  private static Map<StoredCollection, List<IndexModel>> bulkImports() {
    return Map.of(
        StoredCollection.BULK_IMPORT_JOBS,
        List.of(unique("tenant_bulk_import", ascending("tenantId", "jobId"))),
        StoredCollection.BULK_IMPORT_CHUNKS,
        List.of(unique("tenant_bulk_import_chunk", ascending("tenantId", "jobId", "file", "k"))));
  }

  private static IndexModel unique(String name, Bson keys) {
    return new IndexModel(keys, new IndexOptions().name(name).unique(true));
  }
}
