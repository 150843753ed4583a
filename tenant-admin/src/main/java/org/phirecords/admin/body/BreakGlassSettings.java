package org.phirecords.admin.body;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.OneOf;

/**
 * The tenant's break-glass setting (ADR 28): whether staff may declare an emergency, which roles
 * (physicians; billing and patients never), a declaration's default and longest length in minutes
 * (5 to 1440, the default at most the longest), and whether declarations open writes.
 */
public record BreakGlassSettings(
    @NotNull @Schema(example = "true") Boolean enabled,
    @NotNull @Size(max = 1) @Schema(example = "[\"PHYSICIAN\"]")
        List<@NotNull @OneOf(value = "PHYSICIAN", message = "only PHYSICIAN may declare") String>
            roles,
    @NotNull @Min(5) @Max(1440) @Schema(example = "60") Integer defaultMinutes,
    @NotNull @Min(5) @Max(1440) @Schema(example = "240") Integer maximumMinutes,
    @NotNull @Schema(example = "false") Boolean writes) {}
