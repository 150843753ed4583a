package org.phirecords.admin;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
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
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.model.KeyRotation;
import org.phirecords.model.TenantId;
import org.phirecords.service.KeyAdministration;

/** Encryption key administration (platform-admin). */
@ApplicationScoped
@Path("/keys")
@Tag(name = "keys", description = "Encryption key administration (platform administrators)")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class KeyResource {
  @Inject KeyAdministration keys;

  @POST
  @Path("rewrap")
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(summary = "Master key rotation: re-wrap every data key with the configured master key")
  @APIResponse(
      responseCode = "200",
      description = "How many data keys were re-wrapped",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  public JsonObject rewrap() {
    return JSON.createObjectBuilder().add("rewrapped", keys.rewrapDataKeys()).build();
  }

  @POST
  @Path("tenants/{tenantId}/rotate")
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(
      summary =
          "Data key rotation for a tenant: new key, records re-encrypted in batches;"
              + " call again to resume after a failure")
  @APIResponse(
      responseCode = "200",
      description = "Progress: status, reencrypted, remaining",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  public JsonObject rotate(@PathParam("tenantId") String tenantId) {
    KeyRotation r = keys.rotateDataKey(new TenantId(tenantId));
    return JSON.createObjectBuilder()
        .add("tenant", r.tenant().value())
        .add("status", r.status())
        .add("reencrypted", r.reencrypted())
        .add("remaining", r.remaining())
        .build();
  }
}
