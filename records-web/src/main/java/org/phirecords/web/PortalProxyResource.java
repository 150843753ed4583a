package org.phirecords.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.ProxyGrantId;
import org.phirecords.service.PersonalRepresentatives;
import org.phirecords.web.body.ProxyGrantInput;

/**
 * The portal's side of personal representatives (ADR 46): whom the signed-in user acts for, and the
 * caregivers an adult patient grants for their own record.
 */
@ApplicationScoped
@Path("/portal/proxies")
@Tag(name = "patient rights", description = "Access history, electronic copy, amendments")
@Produces(MediaType.APPLICATION_JSON)
public class PortalProxyResource {
  @Inject PersonalRepresentatives representatives;
  @Inject RecordsConfig config;

  @GET
  @Path("acting-for")
  @AuditedAs(resource = ResourceType.PROXY_GRANT, action = AuditAction.READ)
  @Operation(
      summary =
          "The people the signed-in user may act for now, under grants in force: send one's id"
              + " as the Acting-For header to act for them")
  @APIResponse(
      responseCode = "200",
      description = "The grants in force",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ProxyGrants")))
  public JsonObject actingFor() {
    return ProxyGrants.list(representatives.representing());
  }

  @GET
  @Path("caregivers")
  @AuditedAs(resource = ResourceType.PROXY_GRANT, action = AuditAction.READ)
  @Operation(summary = "The grants of the signed-in patient's own record not revoked (patient)")
  @APIResponse(
      responseCode = "200",
      description = "The grants",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ProxyGrants")))
  public JsonObject caregivers() {
    return ProxyGrants.list(representatives.ownGrants());
  }

  @POST
  @Path("caregivers")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.PROXY_GRANT, action = AuditAction.CREATE)
  @Operation(
      summary =
          "Grant a caregiver access to one's own record (an adult patient; relationship"
              + " CAREGIVER)")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ProxyGrantInput")))
  @APIResponse(
      responseCode = "201",
      description = "The grant",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ProxyGrant")))
  @APIResponse(
      responseCode = "403",
      description = "PHR-403-24: the patient is under the tenant's age of majority",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response grantCaregiver(InputStream body) {
    ProxyGrantInput in = Bodies.read(body, config.maxBodyBytes(), ProxyGrantInput.class);
    JsonObject granted = ProxyGrants.write(representatives.grantCaregiver(ProxyGrants.request(in)));
    return Response.status(Response.Status.CREATED).entity(granted).build();
  }

  @POST
  @Path("caregivers/{grantId}/revocation")
  @AuditedAs(resource = ResourceType.PROXY_GRANT, action = AuditAction.DELETE)
  @Operation(summary = "Revoke a caregiver of one's own record now (patient)")
  @APIResponse(
      responseCode = "200",
      description = "The grant, revoked",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ProxyGrant")))
  @APIResponse(
      responseCode = "404",
      description = "PHR-404-12: no such grant of one's record",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject revokeCaregiver(@PathParam("grantId") String grant) {
    return ProxyGrants.write(representatives.revokeCaregiver(new ProxyGrantId(grant)));
  }
}
