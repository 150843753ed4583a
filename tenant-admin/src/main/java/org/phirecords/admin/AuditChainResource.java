package org.phirecords.admin;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.web.AuditJson;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.model.TenantId;
import org.phirecords.service.AuditReview;

/** Audit chain verification for platform administrators (any tenant, or the platform chain). */
@ApplicationScoped
@Path("/audit/chains")
@Tag(name = "audit", description = "Audit chain verification (platform administrators)")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AuditChainResource {
  @Inject AuditReview review;

  @jakarta.ws.rs.POST
  @Path("{chain}/purge")
  @AuditedAs(resource = ResourceType.AUDIT_TRAIL, action = AuditAction.DELETE)
  @Operation(
      summary =
          "Remove a tenant's audit events beyond its retention period (default 6 years);"
              + " the chain is anchored and still verifies")
  @APIResponse(
      responseCode = "200",
      description = "How many events were removed",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  public JsonObject purge(@PathParam("chain") String chain) {
    return JSON.createObjectBuilder()
        .add("purged", review.purgeBeyondRetention(new TenantId(chain)))
        .build();
  }

  @GET
  @Path("{chain}/verify")
  @AuditedAs(resource = ResourceType.AUDIT_TRAIL, action = AuditAction.READ)
  @Operation(summary = "Verify a tenant's audit chain; '_platform' for platform events")
  @APIResponse(
      responseCode = "200",
      description = "The verification report",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  public JsonObject verify(@PathParam("chain") String chain) {
    return AuditJson.verification(
        review.verifyTenant("_platform".equals(chain) ? null : new TenantId(chain), null, null));
  }
}
