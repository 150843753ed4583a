package org.phirecords.internal.store;

import org.phirecords.internal.config.RecordsConfig.Store;

/** The collections of the module, each in the database of its store. */
public enum StoredCollection {
  /** Identity data of patients (database {@code phi_identity}). */
  PATIENTS(Store.IDENTITY, "patients"),
  /**
   * The module's links of patient users (issuer, subject) to their records (database {@code
   * phi_identity}; ADR 17).
   */
  PATIENT_LINKS(Store.IDENTITY, "patient_links"),
  /** One-time invitations to link, code hashed only (database {@code phi_identity}; ADR 17). */
  PATIENT_INVITATIONS(Store.IDENTITY, "patient_invitations"),
  /**
   * Patients' memberships of organisations with their periods, member ids encrypted (database
   * {@code phi_identity}; ADR 25).
   */
  MEMBERSHIPS(Store.IDENTITY, "memberships"),
  /**
   * Places on patients' care teams: staff subject, since, added by, ended (database {@code
   * phi_identity}; ADR 30).
   */
  CARE_TEAMS(Store.IDENTITY, "care_teams"),
  /**
   * Grants to personal representatives: patient, representative's issuer and subject, scope,
   * period, reason sealed (database {@code phi_identity}; ADR 46).
   */
  PROXY_GRANTS(Store.IDENTITY, "proxy_grants"),
  /** Clinical entries, every version (database {@code phi_clinical}). */
  CLINICAL_ENTRIES(Store.CLINICAL, "clinical_entries"),
  /** Patients' amendment requests (database {@code phi_clinical}). */
  AMENDMENTS(Store.CLINICAL, "amendments"),
  /** The audit trail (database {@code phi_audit}). */
  AUDIT_EVENTS(Store.AUDIT, "audit_events"),
  /** Where each audit chain ends, sealed (database {@code phi_audit}); platform data. */
  AUDIT_HEADS(Store.AUDIT, "audit_chain_heads"),
  /** Where each chain starts after events beyond retention were purged, sealed (platform data). */
  AUDIT_ANCHORS(Store.AUDIT, "audit_chain_anchors"),
  /** Writes announced in the audit trail whose outcome is not recorded yet (platform data). */
  AUDIT_INTENTS(Store.AUDIT, "audit_intents"),
  /** Anomaly alerts raised, one per tenant, user, kind and window (platform data). */
  AUDIT_ALERTS(Store.AUDIT, "audit_alerts"),
  /**
   * Each user's recent activity for anomaly alerts: patients read and denials, with their times,
   * within the alert window (one document per tenant and user; platform data).
   */
  AUDIT_ACTIVITY(Store.AUDIT, "audit_activity"),
  /**
   * Revoked sessions: per tenant (or {@code _platform}), issuer and subject, the time before which
   * tokens are refused (database {@code phi_tenants}; ADR 17).
   */
  SESSION_REVOCATIONS(Store.TENANTS, "session_revocations"),
  /** Each tenant's tree of organisations (database {@code phi_tenants}; ADR 25); no PHI. */
  ORGANISATIONS(Store.TENANTS, "organisations"),
  /**
   * Roles granted at organisation nodes to subjects or groups of a tenant's IdP (database {@code
   * phi_tenants}; ADR 27); no PHI.
   */
  GRANTS(Store.TENANTS, "grants"),
  /**
   * Break-glass declarations: who declared an emergency for which patient, when, until when, the
   * coded reason and the encrypted justification, and the privacy officer's review (database {@code
   * phi_identity}; ADR 28).
   */
  EMERGENCY_ACCESS(Store.IDENTITY, "emergency_access"),
  /**
   * Imports of FHIR resources under way: a transaction's announced ids until it is committed or
   * rolled back (database {@code phi_clinical}; ADR 37); ids only, no PHI.
   */
  IMPORT_JOBS(Store.CLINICAL, "import_jobs"),
  /** The tenant registry (database {@code phi_tenants}); platform data, keyed by tenant id. */
  TENANTS(Store.TENANTS, "tenants"),
  /**
   * The key vault: one data key per tenant, wrapped by the master key (database {@code phi_keys}).
   */
  DATA_KEYS(Store.KEYS, "data_keys"),
  /** Progress of data key rotations, one document per tenant (platform data). */
  KEY_ROTATIONS(Store.KEYS, "key_rotations"),
  /**
   * FHIR bulk exports: requester, parameters, state, progress, file counts, expiry; ids and counts
   * only, no PHI (database {@code phi_clinical}; ADR 38).
   */
  EXPORT_JOBS(Store.CLINICAL, "export_jobs"),
  /**
   * The parts of bulk export files: NDJSON of about a megabyte each, encrypted under the tenant's
   * data key (database {@code phi_clinical}; ADR 38).
   */
  EXPORT_PARTS(Store.CLINICAL, "export_parts"),
  /**
   * The de-identified analytics projection: one fact per clinical entry in force, age band, sex,
   * ZIP3, month, codes, type, organisations and a pseudonymous patient key; no identifiers
   * (database {@code phi_clinical}; ADR 43).
   */
  ANALYTICS_FACTS(Store.CLINICAL, "analytics_facts"),
  /**
   * The parameters of each analytics query, bound to its audit event by a digest (database {@code
   * phi_audit}; ADR 43); no values about persons.
   */
  ANALYTICS_QUERIES(Store.AUDIT, "analytics_queries"),
  /**
   * Each tenant's named analytics query models (database {@code phi_tenants}; ADR 45); names,
   * codes, months and organisation ids, no values about persons.
   */
  ANALYTICS_SAVED_QUERIES(Store.TENANTS, "analytics_saved_queries"),
  /**
   * Bulk NDJSON import jobs: requester, files, chunks received and done, counts, refused lines by
   * number and code, the lease of the instance running it; no PHI (database {@code phi_clinical};
   * ADR 40).
   */
  BULK_IMPORT_JOBS(Store.CLINICAL, "bulk_import_jobs"),
  /**
   * The uploaded chunks of bulk import files, encrypted under the tenant's data key until the job
   * ends; a Patient chunk done also keeps its references' hashes and patient ids (ADR 40).
   */
  BULK_IMPORT_CHUNKS(Store.CLINICAL, "bulk_import_chunks"),
  /**
   * Disclosures for the accounting (HIPAA 164.528) and directed copies awaiting confirmation:
   * recipient, description and purpose encrypted (database {@code phi_clinical}; ADR 47).
   */
  DISCLOSURES(Store.CLINICAL, "disclosures"),
  /**
   * Requests to re-link a dataset's research ids, their decision and release (ADR 44): ids, the
   * purpose sealed; removed by the export sweep after the dataset's expiry.
   */
  DATASET_RELINKS(Store.CLINICAL, "dataset_relinks"),
  /**
   * Data migrations: the lock document with its lease, and each migration's state and position
   * (database {@code phi_tenants}; ADR 52); platform data keyed by {@code _id}, no PHI.
   */
  SCHEMA_MIGRATIONS(Store.TENANTS, "schema_migrations");

  private final Store store;
  private final String collectionName;

  StoredCollection(Store store, String collectionName) {
    this.store = store;
    this.collectionName = collectionName;
  }

  /** The store holding it. */
  public Store store() {
    return store;
  }

  /** The collection name. */
  public String collectionName() {
    return collectionName;
  }

  /**
   * Whether it holds patients or documents each belonging to one patient ({@code patientId}): what
   * a reach below the tenant narrows (ADR 27).
   */
  public boolean patientData() {
    return switch (this) {
      case PATIENTS,
          PATIENT_LINKS,
          PATIENT_INVITATIONS,
          MEMBERSHIPS,
          CARE_TEAMS,
          PROXY_GRANTS,
          CLINICAL_ENTRIES,
          AMENDMENTS,
          AUDIT_EVENTS,
          EMERGENCY_ACCESS,
          DISCLOSURES ->
          true;
      default -> false;
    };
  }

  /**
   * Whether it holds platform records keyed by {@code _id} (a tenant's registry entry, key
   * administration) whose changes are proven by the intents they keep, not by versions.
   */
  public boolean platformRecords() {
    return this == TENANTS || this == KEY_ROTATIONS;
  }

  /** Whether its documents carry {@code expiresAt} and are removed by a sweep after it (ADR 38). */
  public boolean expiring() {
    return this == EXPORT_JOBS
        || this == EXPORT_PARTS
        || this == DATASET_RELINKS
        || this == BULK_IMPORT_JOBS
        || this == BULK_IMPORT_CHUNKS;
  }
}
