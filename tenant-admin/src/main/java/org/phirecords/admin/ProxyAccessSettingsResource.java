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
import org.phirecords.admin.body.ProxyAccessSettings;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.service.TenantSettings;

/** A tenant admin's age of majority for personal representatives (ADR 46). */
@ApplicationScoped
@Path("/settings/proxy-access")
@Tag(name = "settings", description = "Settings of the caller's own tenant (tenant admins)")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class ProxyAccessSettingsResource {
  private static final String SCHEMA = "ProxyAccessSettings";

  @Inject TenantSettings settings;
  @Inject RecordsConfig config;

  @GET
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.READ)
  @Operation(summary = "The age at which a parent's access to a minor's record ends")
  @APIResponse(
      responseCode = "200",
      description = "The setting in force",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  public JsonObject ageOfMajority() {
    return write(settings.ageOfMajority());
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(
      summary =
          "Set the age of majority (14 to 21); parents' grants are judged by it from the next"
              + " request")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  @APIResponse(
      responseCode = "200",
      description = "The setting now in force",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  public JsonObject updateAgeOfMajority(InputStream body) {
    ProxyAccessSettings in = Bodies.read(body, config.maxBodyBytes(), ProxyAccessSettings.class);
    return write(settings.updateAgeOfMajority(in.ageOfMajority()));
  }

  private static JsonObject write(int age) {
    return JSON.createObjectBuilder().add("ageOfMajority", age).build();
  }
}
