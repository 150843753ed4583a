package org.phirecords.web.body;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.IsoDate;

/**
 * An aggregate query on the de-identified analytics projection (ADR 43): a measure ({@code
 * patients}, {@code entries}), up to three dimensions ({@code code}, {@code entryType}, {@code
 * month}, {@code year}, {@code organisation}, {@code ageBand}, {@code sex}, {@code zip3}), a date
 * range of at most ten years, up to 100 codes, up to 50 organisations, and the purpose of use
 * ({@code HOPERAT}, {@code HQUALIMP}, {@code HRESCH}, {@code PUBHLTH}, {@code HPAYMT}). Only the
 * shape is checked here; the module refuses unknown names, operators, long ranges and too many
 * codes with their own codes (PHR-400-55 to 60).
 */
public record AnalyticsQueryInput(
    @NotNull @Size(max = 64) @Schema(example = "patients") String measure,
    @Size(max = 64) @Schema(example = "[\"code\", \"month\"]")
        List<@NotNull @Size(max = 64) String> dimensions,
    @NotNull @IsoDate(maxDaysAhead = 400) @Schema(example = "2024-01-01") String from,
    @NotNull @IsoDate(maxDaysAhead = 400) @Schema(example = "2025-12-31") String to,
    @Size(max = 1000) List<@NotNull @Valid Code> codes,
    @Size(max = 1000) @Schema(example = "[\"org-north\"]")
        List<@NotNull @Size(max = 64) String> organisations,
    @NotNull @Size(max = 64) @Schema(example = "HOPERAT") String purposeOfUse) {}
