package org.phirecords.web.body;

import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** When a membership ends: the first instant after it; absent: now. */
public record MembershipEnd(
    @Pattern(regexp = MembershipInput.INSTANT, message = "must be an instant, UTC")
        @Schema(example = "2026-06-30T00:00:00Z")
        String end) {}
