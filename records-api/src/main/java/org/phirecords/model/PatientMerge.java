package org.phirecords.model;

import java.time.Instant;

/**
 * A merge of two registrations of one person (ADR 36): the merged registration answers with the
 * survivor, whose reads include the merged one's entries, amendment requests and access history.
 *
 * @param id the merge's id, which an undo names
 * @param survivor the registration kept
 * @param merged the registration merged into the survivor
 * @param mergedAt when it was merged
 * @param undoUntil until when the merge can be undone
 */
public record PatientMerge(
    MergeId id, PatientId survivor, PatientId merged, Instant mergedAt, Instant undoUntil) {}
