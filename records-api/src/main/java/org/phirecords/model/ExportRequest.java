package org.phirecords.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A FHIR bulk export kick-off (ADR 38).
 *
 * @param group the organisation whose patients (members at it or below, in the caller's reach) are
 *     exported; empty: every patient in the caller's reach (the system level)
 * @param types the FHIR resource types asked for ({@code _type}); empty: all exported types
 * @param since only resources changed after this instant ({@code _since}), if given
 * @param outputFormat the {@code _outputFormat} asked for, or null (NDJSON)
 * @param request the kick-off request's URL, echoed in the manifest (ids and parameters only)
 */
public record ExportRequest(
    Optional<OrganisationId> group,
    Set<String> types,
    Optional<Instant> since,
    String outputFormat,
    String request) {
  /** Copies. */
  public ExportRequest {
    Objects.requireNonNull(group, "group");
    types = Set.copyOf(types);
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(request, "request");
  }
}
