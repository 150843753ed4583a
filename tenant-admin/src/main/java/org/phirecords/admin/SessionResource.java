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
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.admin.body.SubjectInput;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.service.SessionRevocation;

/**
 * Revoking a user's sessions (ADR 17): every token issued to the subject before now is refused, on
 * every instance within {@code records.jwt.revocation-cache-seconds}.
 */
@ApplicationScoped
@Path("/sessions")
@Tag(name = "sessions", description = "Revocation of users' sessions")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
  @Inject SessionRevocation revocation;
  @Inject RecordsConfig config;

  @POST
  @Path("revocations")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.SESSION, action = AuditAction.DELETE)
  @Operation(
      summary =
          "Revoke the sessions of a subject of the own tenant (tenant admin): its tokens issued"
              + " before now are refused")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "SubjectInput")))
  @APIResponse(
      responseCode = "200",
      description = "{notBefore}: tokens issued from then on are accepted",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  public JsonObject revokeInTenant(InputStream body) {
    SubjectInput in = Bodies.read(body, config.maxBodyBytes(), SubjectInput.class);
    return answer(revocation.revokeInTenant(in.subject()));
  }

  @POST
  @Path("platform-revocations")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.SESSION, action = AuditAction.DELETE)
  @Operation(
      summary =
          "Revoke the sessions of a subject of the platform issuer (platform admin), in every"
              + " tenant: its tokens issued before now are refused")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "SubjectInput")))
  @APIResponse(
      responseCode = "200",
      description = "{notBefore}: tokens issued from then on are accepted",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  public JsonObject revokePlatformSubject(InputStream body) {
    SubjectInput in = Bodies.read(body, config.maxBodyBytes(), SubjectInput.class);
    return answer(revocation.revokePlatformSubject(in.subject()));
  }

  private static JsonObject answer(Instant notBefore) {
    return JSON.createObjectBuilder().add("notBefore", notBefore.toString()).build();
  }
}
