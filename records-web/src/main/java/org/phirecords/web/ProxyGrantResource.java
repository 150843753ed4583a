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
import org.phirecords.model.PatientId;
import org.phirecords.model.ProxyGrantId;
import org.phirecords.service.PersonalRepresentatives;
import org.phirecords.web.body.ProxyGrantInput;

/** A patient's personal representatives, as staff grant and revoke them (physicians; ADR 46). */
@ApplicationScoped
@Path("/patients/{patientId}/proxies")
@Tag(name = "patients", description = "Identity (demographic) data")
@Produces(MediaType.APPLICATION_JSON)
public class ProxyGrantResource {
  @Inject PersonalRepresentatives representatives;
  @Inject RecordsConfig config;

  @GET
  @AuditedAs(resource = ResourceType.PROXY_GRANT, action = AuditAction.READ)
  @Operation(
      summary =
          "The patient's grants to personal representatives not revoked, expired ones included"
              + " (physician)")
  @APIResponse(
      responseCode = "200",
      description = "The grants, oldest start first",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ProxyGrants")))
  public JsonObject grants(@PathParam("patientId") String id) {
    return ProxyGrants.list(representatives.grants(new PatientId(id)));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.PROXY_GRANT, action = AuditAction.CREATE)
  @Operation(
      summary = "Grant a parent, guardian or caregiver access to the patient's record (physician)")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ProxyGrantInput")))
  @APIResponse(
      responseCode = "201",
      description = "The grant",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ProxyGrant")))
  @APIResponse(
      responseCode = "409",
      description = "PHR-409-33: the patient has as many grants as allowed",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response grant(@PathParam("patientId") String id, InputStream body) {
    ProxyGrantInput in = Bodies.read(body, config.maxBodyBytes(), ProxyGrantInput.class);
    JsonObject granted =
        ProxyGrants.write(representatives.grant(new PatientId(id), ProxyGrants.request(in)));
    return Response.status(Response.Status.CREATED).entity(granted).build();
  }

  @POST
  @Path("{grantId}/revocation")
  @AuditedAs(resource = ResourceType.PROXY_GRANT, action = AuditAction.DELETE)
  @Operation(summary = "Revoke a grant now (physician); a revoked one is answered unchanged")
  @APIResponse(
      responseCode = "200",
      description = "The grant, revoked",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ProxyGrant")))
  @APIResponse(
      responseCode = "404",
      description = "PHR-404-12: no such grant of this patient",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject revoke(@PathParam("patientId") String id, @PathParam("grantId") String grant) {
    return ProxyGrants.write(representatives.revoke(new PatientId(id), new ProxyGrantId(grant)));
  }
}
