package org.phirecords.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Optional;
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
import org.phirecords.model.EmergencyReason;
import org.phirecords.model.PatientId;
import org.phirecords.service.BreakGlass;
import org.phirecords.web.body.EmergencyDeclarationInput;

/**
 * Declaring a break-glass emergency for one patient (ADR 28). Requests then carry the declaration's
 * id in the {@code Phi-Emergency-Access} header.
 */
@ApplicationScoped
@Path("/patients/{patientId}/emergency-access")
@Tag(name = "break-glass", description = "Emergency access to one patient, and its review")
@Produces(MediaType.APPLICATION_JSON)
public class EmergencyAccessResource {
  private static final String PROBLEM = "application/problem+json";

  @Inject BreakGlass glass;
  @Inject RecordsConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.EMERGENCY_ACCESS, action = AuditAction.CREATE)
  @Operation(
      summary =
          "Declare an emergency for the patient (physician): then send its id in the"
              + " Phi-Emergency-Access header")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(ref = "EmergencyDeclarationInput")))
  @APIResponse(
      responseCode = "201",
      description = "The declaration",
      content =
          @Content(mediaType = "application/json", schema = @Schema(ref = "EmergencyDeclaration")))
  @APIResponse(
      responseCode = "403",
      description =
          "PHR-403-10 the tenant disabled break-glass, PHR-403-11 the caller's role may not declare",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  public Response declare(@PathParam("patientId") String patientId, InputStream body) {
    EmergencyDeclarationInput in =
        Bodies.read(body, config.maxBodyBytes(), EmergencyDeclarationInput.class);
    return Response.status(Response.Status.CREATED)
        .entity(
            EmergencyJson.write(
                glass.declare(
                    new PatientId(patientId),
                    EmergencyReason.valueOf(in.reason()),
                    in.justification(),
                    Optional.ofNullable(in.minutes()))))
        .build();
  }
}
