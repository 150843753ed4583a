package org.phirecords.admin.body;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The age at which a parent's access to a minor's record ends unless staff grant it again (ADR 46):
 * 14 to 21, 18 until set.
 */
public record ProxyAccessSettings(
    @NotNull @Min(14) @Max(21) @Schema(example = "18") Integer ageOfMajority) {}
