package org.phirecords.admin.body;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Codes;
import org.phirecords.internal.web.body.Text;

/** A tenant to onboard. */
public record TenantInput(
    @NotNull
        @Text(max = 63)
        @Pattern(
            regexp = "[a-z0-9][a-z0-9-]{1,62}",
            message =
                "must be 2 to 63 lower-case letters, digits or dashes, not starting with a dash",
            payload = Codes.InvalidId.class)
        @Schema(example = "example-clinic")
        String id,
    @NotNull @Text(max = 200) @Schema(example = "Example Clinic") String displayName,
    @NotNull @Text(max = 200) @Schema(example = "privacy@example-clinic.example") String contact,
    @NotNull @Text(max = 40) @Schema(example = "us") String residency,
    @NotNull @Text(max = 200) @Schema(example = "example-admin") String firstAdmin,
    @Valid IdentityProviderInput identityProvider) {}
