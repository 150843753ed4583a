package org.phirecords.admin.body;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.AbsoluteUri;
import org.phirecords.internal.web.body.Text;

/** The tenant's own identity provider: exactly one of publicKeyPem and jwksUri. */
@Schema(description = "the tenant's IdP; publicKeyPem or jwksUri")
public record IdentityProviderInput(
    @NotNull @Text(max = 300) @Schema(example = "https://idp.example-clinic.example") String issuer,
    @Text(max = 10_000)
        @Schema(
            description = "an RSA or EC public key in PEM",
            example = "-----BEGIN PUBLIC KEY-----\nMIIB...\n-----END PUBLIC KEY-----")
        String publicKeyPem,
    @Text(max = 2000)
        @AbsoluteUri
        @Schema(
            description = "https (http only on localhost)",
            example = "https://idp.example-clinic.example/jwks")
        String jwksUri,
    @Text(max = 200) @Schema(example = "portal") String portalClientId) {}
