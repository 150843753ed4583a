package org.phirecords.admin.body;

import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Codes;
import org.phirecords.internal.web.body.Text;

/** Where an organisation moves, with everything below it. */
public record OrganisationMove(
    @Text(max = 63)
        @Pattern(
            regexp = "[a-z0-9][a-z0-9-]{1,62}",
            message = "must be an organisation id",
            payload = Codes.InvalidId.class)
        @Schema(
            description = "the new parent; absent: below the tenant itself",
            example = "client-acme")
        String parent) {}
