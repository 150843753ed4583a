package org.phirecords.web;

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
 * The records API at {@code /api}, authenticated by bearer tokens (platform or tenant identity
 * provider).
 */
@ApplicationScoped
@ApplicationPath("/api")
@DeclareRoles({
  "physician",
  "billing",
  "patient",
  "privacy-officer",
  "tenant-admin",
  "platform-admin"
})
@OpenAPIDefinition(
    info =
        @Info(
            title = "PHI Records API",
            version = "0.1",
            description =
                "Patient identity and clinical records, scoped to the tenant of the bearer token."
                    + " Errors are RFC 9457 problem+json with stable codes."),
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
    bearerFormat = "JWT",
    description = "RS256 JWT with groups (roles), a tenant claim and, for patients, patient_id.")
public class RecordsApplication extends Application {}
