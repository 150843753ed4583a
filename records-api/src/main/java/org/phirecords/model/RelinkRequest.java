package org.phirecords.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A request to re-link research ids of a dataset to patient ids (ADR 44), as its requester and the
 * privacy officer see it. The purpose is the requester's words; no patient id appears here.
 *
 * @param id the request
 * @param dataset the dataset whose research ids are named
 * @param state where it stands
 * @param researchIds the ids asked for; once approved, the approved ones
 * @param purpose why the requester needs them
 * @param requestedBy the requester's subject
 * @param requestedAt when asked
 * @param decidedAt when approved or denied, else null
 * @param expiresAt after which nothing is released (the dataset's expiry)
 */
public record RelinkRequest(
    RelinkId id,
    ExportId dataset,
    RelinkState state,
    List<String> researchIds,
    String purpose,
    String requestedBy,
    Instant requestedAt,
    Instant decidedAt,
    Instant expiresAt) {
  /** Copies the ids. */
  public RelinkRequest {
    Objects.requireNonNull(id, "id");
    researchIds = List.copyOf(researchIds);
  }
}
