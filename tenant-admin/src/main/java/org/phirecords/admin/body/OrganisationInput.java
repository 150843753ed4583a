package org.phirecords.admin.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Codes;
import org.phirecords.internal.web.body.OneOf;
import org.phirecords.internal.web.body.Text;
import org.phirecords.model.OrganisationKind;

/**
 * An organisation to create in the caller's tenant (ADR 25). The display name's characters are
 * checked by the service too: letters, digits, spaces and {@code . , ' & ( ) / -}.
 */
public record OrganisationInput(
    @NotNull
        @Text(max = 63)
        @Pattern(
            regexp = "[a-z0-9][a-z0-9-]{1,62}",
            message =
                "must be 2 to 63 lower-case letters, digits or dashes, not starting with a dash",
            payload = Codes.InvalidId.class)
        @Schema(example = "client-acme")
        String id,
    @NotNull @Text(max = 120) @Schema(example = "Acme Corp. employees") String displayName,
    @NotNull @OneOf(names = OrganisationKind.class) @Schema(example = "CLIENT") String kind,
    @Text(max = 63)
        @Pattern(
            regexp = "[a-z0-9][a-z0-9-]{1,62}",
            message = "must be an organisation id",
            payload = Codes.InvalidId.class)
        @Schema(
            description = "the parent organisation; absent: below the tenant itself",
            example = "insurer-clients")
        String parent) {}
