package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.model.PatientId;
import org.phirecords.service.PatientLinks;

/** Staff side of patient links (ADR 17): removing every link to a record. */
@ApplicationScoped
@Path("/patients/{patientId}/links")
@Tag(name = "patients", description = "Identity (demographic) data")
@Produces(MediaType.APPLICATION_JSON)
public class PatientLinkResource {
  @Inject PatientLinks links;

  @DELETE
  @AuditedAs(resource = ResourceType.PATIENT_LINK, action = AuditAction.DELETE)
  @Operation(
      summary =
          "Unlink every patient user from this record and withdraw its open invitations"
              + " (physician)")
  @APIResponse(
      responseCode = "200",
      description = "{removed}: how many links were removed",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  public JsonObject unlink(@PathParam("patientId") String id) {
    return JSON.createObjectBuilder().add("removed", links.unlink(new PatientId(id))).build();
  }
}
