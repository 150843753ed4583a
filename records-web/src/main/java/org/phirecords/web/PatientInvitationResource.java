package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.model.Invitation;
import org.phirecords.model.PatientId;
import org.phirecords.service.PatientLinks;

/**
 * Staff side of patient links (ADR 17): a one-time invitation code for a record, handed to the
 * patient out of band.
 */
@ApplicationScoped
@Path("/patients/{patientId}/invitations")
@Tag(name = "patients", description = "Identity (demographic) data")
@Produces(MediaType.APPLICATION_JSON)
public class PatientInvitationResource {
  @Inject PatientLinks links;

  @POST
  @AuditedAs(resource = ResourceType.PATIENT_LINK, action = AuditAction.CREATE)
  @Operation(
      summary =
          "Invite the patient to link their sign-in to this record (physician): a one-time code,"
              + " shown once, to hand to the patient out of band; it expires after"
              + " records.portal.invitation-hours")
  @APIResponse(
      responseCode = "201",
      description = "{code, expiresAt}",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  public Response invite(@PathParam("patientId") String id) {
    Invitation invitation = links.invite(new PatientId(id));
    JsonObject json =
        JSON.createObjectBuilder()
            .add("code", invitation.code())
            .add("expiresAt", invitation.expiresAt().toString())
            .build();
    return Response.status(Response.Status.CREATED).entity(json).build();
  }
}
