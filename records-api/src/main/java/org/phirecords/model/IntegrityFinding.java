package org.phirecords.model;

/**
 * One stored record the integrity pass found changed at rest, or not sealed. Ids only, never PHI.
 *
 * @param collection the collection it is stored in ({@code patients} or {@code clinical_entries})
 * @param recordId the patient id, or the clinical entry's id
 * @param version the stored version
 * @param kind what the pass found
 */
public record IntegrityFinding(String collection, String recordId, long version, Kind kind) {

  /** What the pass found wrong with a record. */
  public enum Kind {
    /** The stored document does not match its digest: changed at rest outside the module. */
    DIGEST_MISMATCH,
    /** The digest's key is not in the key ring (retired too early, or the key id was edited). */
    KEY_UNKNOWN,
    /**
     * The record matches its digest, but the digest differs from the one its write's audit event
     * recorded: record and digest were both replaced by someone holding the key.
     */
    AUDIT_MISMATCH,
    /**
     * The record matches its digest, but no audit event of its write recorded one: the write's
     * event is gone (beyond retention), or the record was replaced by someone holding the key.
     */
    AUDIT_EVENT_MISSING,
    /** The record carries no digest: written before records were sealed, or stripped since. */
    DIGEST_MISSING
  }
}
