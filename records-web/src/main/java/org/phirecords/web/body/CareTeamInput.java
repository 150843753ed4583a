package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Whom to put on a patient's care team: a staff member's subject, as their tokens name them. */
public record CareTeamInput(
    @NotNull
        @Pattern(regexp = "[\\x21-\\x7E]{1,255}", message = "must be 1 to 255 printable characters")
        @Schema(example = "dr-ada-hale")
        String subject) {}
