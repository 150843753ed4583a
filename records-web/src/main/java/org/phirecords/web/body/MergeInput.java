package org.phirecords.web.body;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The registration to merge into the one addressed, at the version the caller saw (ADR 36); the
 * survivor's version goes in If-Match.
 */
public record MergeInput(
    @NotNull
        @Pattern(regexp = "[A-Za-z0-9_-]{22}", message = "must be a patient id")
        @Schema(example = "Xq3bM0cN5r8sT1uV2wY4zA")
        String merged,
    @NotNull @Min(1) @Schema(example = "1") Long mergedVersion) {}
