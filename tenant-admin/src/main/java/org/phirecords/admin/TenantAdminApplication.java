package org.phirecords.admin;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The tenant administration API at {@code /api}; deploy it on an internal-only instance. Platform
 * administrators manage tenants and never see PHI.
 */
@ApplicationScoped
@ApplicationPath("/api")
@DeclareRoles({"platform-admin", "tenant-admin"})
@OpenAPIDefinition(
    info =
        @Info(
            title = "PHI Records tenant administration API",
            version = "0.1",
            description = "Tenant onboarding, lifecycle, keys, audit chains and settings."),
    security = @SecurityRequirement(name = "bearer"),
    components =
        @Components(
            responses = {
              @APIResponse(
                  name = "BadRequest",
                  responseCode = "400",
                  description = "Invalid input: malformed JSON, unknown or invalid field, bad id",
                  content =
                      @Content(
                          mediaType = "application/problem+json",
                          schema = @Schema(ref = "Problem"))),
              @APIResponse(
                  name = "Unauthorized",
                  responseCode = "401",
                  description = "No valid bearer token, or one that names no tenant",
                  content =
                      @Content(
                          mediaType = "application/problem+json",
                          schema = @Schema(ref = "Problem"))),
              @APIResponse(
                  name = "Forbidden",
                  responseCode = "403",
                  description = "Permission missing, or the tenant unknown, inactive or suspended",
                  content =
                      @Content(
                          mediaType = "application/problem+json",
                          schema = @Schema(ref = "Problem"))),
              @APIResponse(
                  name = "NotFound",
                  responseCode = "404",
                  description = "Absent, or outside the caller's tenant or own record",
                  content =
                      @Content(
                          mediaType = "application/problem+json",
                          schema = @Schema(ref = "Problem")))
            }))
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT")
public class TenantAdminApplication extends Application {}
