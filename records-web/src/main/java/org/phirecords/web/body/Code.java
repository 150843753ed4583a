package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Text;

/** A coded concept: code system, code, display text. */
public record Code(
    @NotNull
        @Pattern(regexp = "[A-Za-z0-9:/._#-]{1,200}", message = "must be a code system URI")
        @Schema(example = "http://hl7.org/fhir/sid/icd-10-cm")
        String system,
    @NotNull
        @Pattern(
            regexp = "[A-Za-z0-9._-]{1,64}",
            message = "must be 1 to 64 letters, digits, . _ -")
        @Schema(example = "E11.9")
        String code,
    @Text(max = 200) @Schema(example = "Type 2 diabetes mellitus without complications")
        String display) {}
