package org.phirecords.admin.body;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One run of the analytics projection's rebuild (ADR 45): up to {@code batches} batches of 500
 * entry versions, from the start if {@code restart}, else from where the last run stopped.
 */
public record ProjectionRebuildInput(
    @NotNull @Schema(example = "false") Boolean restart,
    @NotNull @Min(1) @Max(100) @Schema(example = "20") Integer batches) {}
