package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
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
import org.phirecords.model.DirectedCopy;
import org.phirecords.model.DisclosureId;
import org.phirecords.model.PatientId;
import org.phirecords.service.Disclosures;
import org.phirecords.web.body.DirectedCopyInput;

/**
 * A copy of the record sent to a third party on the patient's direction (164.524(c)(3)(ii); ADR
 * 47): asked for, then confirmed after the warning, then sent and recorded as a disclosure.
 */
@ApplicationScoped
@Path("/patients/{patientId}/directed-copies")
@Tag(name = "patient rights", description = "Access history, electronic copy, amendments")
@Produces(MediaType.APPLICATION_JSON)
public class DirectedCopyResource {
  private static final String PROBLEM = "application/problem+json";

  @Inject Disclosures disclosures;
  @Inject RecordsConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.DISCLOSURE, action = AuditAction.EXPORT)
  @Operation(
      summary =
          "Ask for a copy to be e-mailed to a third party (patient, own record): nothing is sent"
              + " before the confirmation")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = "application/json", schema = @Schema(ref = "DirectedCopyInput")))
  @APIResponse(
      responseCode = "201",
      description = "The request awaiting confirmation, with the warning to show",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "DirectedCopy")))
  public Response request(@PathParam("patientId") String patientId, InputStream body) {
    DirectedCopyInput in = Bodies.read(body, config.maxBodyBytes(), DirectedCopyInput.class);
    DirectedCopy c = disclosures.directCopy(new PatientId(patientId), in.recipient());
    return Response.status(Response.Status.CREATED).entity(write(c)).build();
  }

  @POST
  @Path("/{copyId}/confirmation")
  @AuditedAs(resource = ResourceType.DISCLOSURE, action = AuditAction.EXPORT)
  @Operation(summary = "Confirm: send the copy (PDF) and record the disclosure (patient)")
  @APIResponse(
      responseCode = "200",
      description = "The copy, sent",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "DirectedCopy")))
  @APIResponse(
      responseCode = "409",
      description = "PHR-409-36 already sent, PHR-409-37 no mail server or it refused the message",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  public JsonObject confirm(
      @PathParam("patientId") String patientId, @PathParam("copyId") String copyId) {
    return write(
        disclosures.confirmDirectedCopy(new PatientId(patientId), new DisclosureId(copyId)));
  }

  static JsonObject write(DirectedCopy c) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("id", c.id().value())
            .add("patientId", c.patient().value())
            .add("recipient", c.recipient())
            .add("requestedAt", c.requestedAt().toString())
            .add("confirmBy", c.confirmBy().toString())
            .add("warning", c.warning());
    if (c.sentAt() != null) {
      b.add("sentAt", c.sentAt().toString());
    }
    return b.build();
  }
}
