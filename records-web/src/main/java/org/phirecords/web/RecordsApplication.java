package org.phirecords.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The records API at {@code /api}, authenticated by bearer tokens (platform or tenant identity
 * provider).
 */
@ApplicationScoped
@ApplicationPath("/api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "PHI Records API",
            version = "0.1",
            description =
                "Patient identity and clinical records, scoped to the tenant of the bearer token."
                    + " Errors are RFC 9457 problem+json with stable codes."),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT",
    description =
        "RS256 JWT with groups (roles) and a tenant claim. A patient user reaches the record the"
            + " module linked to them (an invitation code redeemed at POST /api/portal/link).")
public class RecordsApplication extends Application {}
