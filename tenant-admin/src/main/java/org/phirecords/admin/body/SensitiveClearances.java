package org.phirecords.admin.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.OneOf;
import org.phirecords.model.Sensitivity;

/**
 * Which sensitive categories physicians and billing are cleared for (ADR 26); a category not listed
 * stays hidden from the role. The patient always sees their own entries; billing sees a cleared
 * entry's codes without their display text.
 */
public record SensitiveClearances(
    @NotNull
        @Size(max = 5)
        @Schema(example = "[\"BEHAVIOURAL_HEALTH\",\"REPRODUCTIVE_HEALTH\",\"HIV\",\"GENETIC\"]")
        List<@NotNull @OneOf(names = Sensitivity.class, message = "unknown category") String>
            physician,
    @NotNull @Size(max = 5) @Schema(example = "[\"GENETIC\"]")
        List<@NotNull @OneOf(names = Sensitivity.class, message = "unknown category") String>
            billing) {}
