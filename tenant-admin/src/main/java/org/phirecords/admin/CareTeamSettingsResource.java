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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.admin.body.CareTeamSettings;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.service.TenantSettings;

/** A tenant admin's care-team setting (ADR 30). */
@ApplicationScoped
@Path("/settings/care-teams")
@Tag(name = "settings", description = "Settings of the caller's own tenant (tenant admins)")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class CareTeamSettingsResource {
  private static final String SCHEMA = "CareTeamSettings";

  @Inject TenantSettings settings;
  @Inject RecordsConfig config;

  @GET
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.READ)
  @Operation(summary = "Whether physicians reach only the patients on their care teams")
  @APIResponse(
      responseCode = "200",
      description = "The setting in force",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  public JsonObject careTeams() {
    return write(settings.careTeams());
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(
      summary =
          "Turn care-team narrowing on or off; every instance follows within the scope cache's"
              + " bound")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  @APIResponse(
      responseCode = "200",
      description = "The setting now in force",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  public JsonObject updateCareTeams(InputStream body) {
    CareTeamSettings in = Bodies.read(body, config.maxBodyBytes(), CareTeamSettings.class);
    return write(settings.updateCareTeams(in.enabled()));
  }

  private static JsonObject write(boolean enabled) {
    return JSON.createObjectBuilder().add("enabled", enabled).build();
  }
}
