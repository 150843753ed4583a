package org.phirecords.admin.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The subject (the token's {@code sub}) whose sessions are revoked: an opaque user id. */
public record SubjectInput(
    @NotNull @Pattern(regexp = "[^\\p{Cntrl}\\p{Space}]{1,256}") @Schema(example = "user-7f3a9c")
        String subject) {}
