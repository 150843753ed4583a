package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

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
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.NotFoundException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.tenant.PortalSignIn;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.Public;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.service.PatientLinks;
import org.phirecords.web.body.InvitationCode;

/** What the patient portal needs to know about its signed-in user; no PHI. */
@ApplicationScoped
@Path("/portal")
@Tag(name = "patient rights", description = "Access history, electronic copy, amendments")
@Produces(MediaType.APPLICATION_JSON)
public class PortalResource {
  @Inject PortalSignIn signIn;
  @Inject RecordsConfig config;
  @Inject PatientLinks links;

  @GET
  @Path("sign-in/{tenant}")
  @Public
  @AuditedAs(resource = ResourceType.ENDPOINT, action = AuditAction.READ)
  @Operation(
      summary =
          "Public: where the tenant's patients sign in (issuer of its identity provider and the"
              + " portal's OpenID Connect client id there)")
  @APIResponse(
      responseCode = "200",
      description = "{organisation, issuer, clientId}",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  @APIResponse(
      responseCode = "404",
      description = "No active tenant with a portal client",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject signIn(@PathParam("tenant") String tenant) {
    PortalSignIn.Client client =
        signIn.of(new TenantId(tenant)).orElseThrow(NotFoundException::new);
    return JSON.createObjectBuilder()
        .add("organisation", client.organisation())
        .add("issuer", client.issuer())
        .add("clientId", client.clientId())
        .build();
  }

  @GET
  @Path("demo-sign-in")
  @Public
  @AuditedAs(resource = ResourceType.ENDPOINT, action = AuditAction.READ)
  @Operation(
      summary =
          "Public: whether the portal offers its demo sign-in (a pasted token); only in"
              + " development mode (records.mode=development)")
  @APIResponse(
      responseCode = "200",
      description = "{offered: true}: development mode",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  @APIResponse(
      responseCode = "404",
      description = "Not offered: production mode",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject demoSignIn() {
    if (!signIn.demoSignInOffered()) {
      throw new NotFoundException();
    }
    return JSON.createObjectBuilder().add("offered", true).build();
  }

  @POST
  @Path("link")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.PATIENT_LINK, action = AuditAction.UPDATE)
  @Operation(
      summary =
          "Redeem the one-time invitation code from the provider (patient): links the signed-in"
              + " user to their record")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "InvitationCode")))
  @APIResponse(
      responseCode = "200",
      description = "{patientId}: the record now linked",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  @APIResponse(
      responseCode = "403",
      description = "The code is wrong, expired or used (PHR-403-06)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "429",
      description = "Too many failed codes (PHR-429-02); try again later",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject link(InputStream body) {
    InvitationCode in = Bodies.read(body, config.maxBodyBytes(), InvitationCode.class);
    return JSON.createObjectBuilder().add("patientId", links.redeem(in.code()).value()).build();
  }

  @GET
  @Path("session")
  @AuditedAs(resource = ResourceType.ENDPOINT, action = AuditAction.READ)
  @Operation(
      summary =
          "The signed-in patient's record id and the inactivity period after which the portal"
              + " signs out (records.portal.idle-timeout-seconds)")
  @APIResponse(
      responseCode = "200",
      description = "{patientId, idleTimeoutSeconds}",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  @APIResponse(
      responseCode = "403",
      description =
          "Not a patient (PHR-403-01), or no record linked yet (PHR-403-05): redeem an invitation",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject session() {
    String patient =
        links
            .ownLink()
            .orElseThrow(() -> AccessDeniedException.notLinked(Permission.PATIENT_LINK_OWN))
            .value();
    return JSON.createObjectBuilder()
        .add("patientId", patient)
        .add(
            "idleTimeoutSeconds",
            config.value("records.portal.idle-timeout-seconds").map(Integer::parseInt).orElse(900))
        .build();
  }
}
