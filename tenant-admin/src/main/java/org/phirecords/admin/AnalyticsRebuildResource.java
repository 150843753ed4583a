package org.phirecords.admin;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
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
import org.phirecords.admin.body.ProjectionRebuildInput;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.service.Analytics;

/** A tenant admin runs the resumable rebuild of the tenant's analytics projection (ADR 45). */
@ApplicationScoped
@Path("/analytics/rebuild")
@Tag(name = "settings", description = "Settings of the caller's own tenant (tenant admins)")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsRebuildResource {
  @Inject Analytics analytics;
  @Inject RecordsConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.ANALYTICS_PROJECTION, action = AuditAction.UPDATE)
  @Operation(
      summary =
          "Run up to `batches` batches of the analytics projection's rebuild; call again until"
              + " it projects 0")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(ref = "ProjectionRebuildInput")))
  @APIResponse(
      responseCode = "200",
      description = "How many entry versions this run projected (0: complete)",
      content =
          @Content(mediaType = "application/json", schema = @Schema(ref = "ProjectionRebuilt")))
  public JsonObject rebuild(InputStream body) {
    ProjectionRebuildInput in =
        Bodies.read(body, config.maxBodyBytes(), ProjectionRebuildInput.class);
    int projected = analytics.rebuild(in.restart(), in.batches());
    return JSON.createObjectBuilder()
        .add("projected", projected)
        .add("complete", projected == 0)
        .build();
  }
}
