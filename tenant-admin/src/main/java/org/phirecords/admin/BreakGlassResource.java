package org.phirecords.admin;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.admin.body.BreakGlassSettings;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.BreakGlassPolicy;
import org.phirecords.security.Role;
import org.phirecords.service.TenantSettings;

/** A tenant admin's break-glass setting (ADR 28). */
@ApplicationScoped
@Path("/settings/break-glass")
@Tag(name = "settings", description = "Settings of the caller's own tenant (tenant admins)")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class BreakGlassResource {
  private static final String SCHEMA = "BreakGlassSettings";

  @Inject TenantSettings settings;
  @Inject RecordsConfig config;

  @GET
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.READ)
  @Operation(summary = "Whether and how staff may declare a break-glass emergency")
  @APIResponse(
      responseCode = "200",
      description = "The setting in force",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  public JsonObject breakGlass() {
    return write(settings.breakGlass());
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(summary = "Replace the break-glass setting")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  @APIResponse(
      responseCode = "200",
      description = "The setting now in force",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  public JsonObject updateBreakGlass(InputStream body) {
    BreakGlassSettings in = Bodies.read(body, config.maxBodyBytes(), BreakGlassSettings.class);
    Set<Role> roles = in.roles().stream().map(Role::valueOf).collect(Collectors.toSet());
    return write(
        settings.updateBreakGlass(
            new BreakGlassPolicy(
                in.enabled(), roles, in.defaultMinutes(), in.maximumMinutes(), in.writes())));
  }

  private static JsonObject write(BreakGlassPolicy p) {
    return JSON.createObjectBuilder()
        .add("enabled", p.enabled())
        .add("roles", JSON.createArrayBuilder(p.roles().stream().map(Enum::name).sorted().toList()))
        .add("defaultMinutes", p.defaultMinutes())
        .add("maximumMinutes", p.maximumMinutes())
        .add("writes", p.writes())
        .build();
  }
}
