package org.phirecords.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The tenant administration API at {@code /api}; deploy it on an internal-only instance. Platform
 * administrators manage tenants and never see PHI.
 */
@ApplicationScoped
@ApplicationPath("/api")
@OpenAPIDefinition(
    info =
        @Info(
            title = "PHI Records tenant administration API",
            version = "0.1",
            description = "Tenant onboarding, lifecycle, keys, audit chains and settings."),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT")
public class TenantAdminApplication extends Application {}
