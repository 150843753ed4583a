package org.phirecords.admin.body;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Text;

/** Anomaly alert thresholds and working hours of the tenant. */
public record AlertSettings(
    @NotNull @Min(1) @Max(1440) @Schema(example = "60") Integer windowMinutes,
    @NotNull @Min(1) @Max(10_000) @Schema(example = "50") Integer distinctPatients,
    @NotNull @Min(1) @Max(1000) @Schema(example = "10") Integer denials,
    @Text(max = 11)
        @Pattern(
            regexp = "([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]",
            message = "must be HH:MM-HH:MM")
        @Schema(description = "for after-hours alerts; none if absent", example = "07:00-19:00")
        String workingHours,
    @Text(max = 64)
        @Schema(description = "a time zone id", example = "America/Chicago", defaultValue = "UTC")
        String zone) {}
