package org.phirecords.model;

import java.time.Instant;

/**
 * One version of a clinical entry. Versions are immutable; an update stores version {@code n + 1}
 * and keeps every earlier one.
 *
 * @param id the entry id shared by all versions
 * @param patientId the patient the entry is about
 * @param version the version, starting at 1
 * @param data the content
 * @param recordedBy subject of the user who recorded this version
 * @param recordedAt when this version was stored
 */
public record ClinicalEntry(
    RecordId id,
    PatientId patientId,
    long version,
    ClinicalData data,
    String recordedBy,
    Instant recordedAt) {}
