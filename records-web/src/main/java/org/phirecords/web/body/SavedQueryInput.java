package org.phirecords.web.body;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A named analytics query to save (ADR 45): a name of 1 to 80 letters, digits, spaces or {@code - _
 * . , ( )} (else PHR-400-67) and the query model, checked as a query is (PHR-400-55 to 60).
 */
public record SavedQueryInput(
    @NotNull @Size(max = 80) @Schema(example = "Diabetes by month") String name,
    @NotNull @Valid AnalyticsQueryInput query) {}
