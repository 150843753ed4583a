package org.phirecords.admin.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Codes;
import org.phirecords.internal.web.body.OneOf;
import org.phirecords.internal.web.body.Text;
import org.phirecords.model.GrantPrincipal;
import org.phirecords.security.Role;

/**
 * A role to grant at an organisation of the caller's tenant (ADR 29). The service refuses roles
 * that cannot be granted (PHR-400-12: platform-admin, patient, tenant-admin) and a subject's form
 * (no spaces) as the token carries it.
 */
public record GrantInput(
    @NotNull
        @OneOf(names = GrantPrincipal.Kind.class)
        @Schema(description = "who the grant is for: one subject or one group", example = "GROUP")
        String principalKind,
    @NotNull
        @Text(max = 256)
        @Schema(
            description =
                "the subject (the token's sub, 1 to 256 characters, no spaces) or the group (as the"
                    + " token's groups claim names it, 1 to 200 characters)",
            example = "Cardiology")
        String principal,
    @NotNull
        @OneOf(names = Role.class, by = "groupName", message = "unknown role")
        @Schema(example = "physician")
        String role,
    @Text(max = 63)
        @Pattern(
            regexp = "[a-z0-9][a-z0-9-]{1,62}",
            message = "must be an organisation id",
            payload = Codes.InvalidId.class)
        @Schema(
            description =
                "where the grant holds, with everything below it; absent: the whole tenant",
            example = "client-acme")
        String organisation) {}
