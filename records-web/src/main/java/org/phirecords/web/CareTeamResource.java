package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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
import org.phirecords.model.CareTeamMember;
import org.phirecords.model.CareTeamMemberId;
import org.phirecords.model.PatientId;
import org.phirecords.service.CareTeams;
import org.phirecords.web.body.CareTeamInput;

/** A patient's care team (physicians; patients read their own; ADR 30). */
@ApplicationScoped
@Path("/patients/{patientId}/care-team")
@Tag(name = "patients", description = "Identity (demographic) data")
@Produces(MediaType.APPLICATION_JSON)
public class CareTeamResource {
  @Inject CareTeams careTeams;
  @Inject RecordsConfig config;

  @GET
  @AuditedAs(resource = ResourceType.CARE_TEAM, action = AuditAction.READ)
  @Operation(
      summary =
          "Who is on the patient's care team now, oldest place first (physician; patient, own)")
  @APIResponse(
      responseCode = "200",
      description = "The current members",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "CareTeam")))
  public JsonObject members(@PathParam("patientId") String id) {
    var items = JSON.createArrayBuilder();
    careTeams.members(new PatientId(id)).forEach(m -> items.add(write(m)));
    return JSON.createObjectBuilder().add("items", items).build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.CARE_TEAM, action = AuditAction.CREATE)
  @Operation(
      summary =
          "Put a staff member on the patient's care team (physician); one on it already is"
              + " answered with their place")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "CareTeamInput")))
  @APIResponse(
      responseCode = "201",
      description = "Their place on the team",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "CareTeamMember")))
  @APIResponse(
      responseCode = "409",
      description = "PHR-409-17: the team has as many members as allowed",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response add(@PathParam("patientId") String id, InputStream body) {
    CareTeamInput in = Bodies.read(body, config.maxBodyBytes(), CareTeamInput.class);
    CareTeamMember added = careTeams.add(new PatientId(id), in.subject());
    return Response.status(Response.Status.CREATED).entity(write(added)).build();
  }

  @POST
  @Path("{memberId}/end")
  @AuditedAs(resource = ResourceType.CARE_TEAM, action = AuditAction.UPDATE)
  @Operation(
      summary =
          "End a place on the patient's care team now (physician); an ended one is answered"
              + " unchanged")
  @APIResponse(
      responseCode = "200",
      description = "The place, ended",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "CareTeamMember")))
  public JsonObject end(@PathParam("patientId") String id, @PathParam("memberId") String member) {
    return write(careTeams.end(new PatientId(id), new CareTeamMemberId(member)));
  }

  static JsonObject write(CareTeamMember m) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("id", m.id().value())
            .add("patientId", m.patient().value())
            .add("subject", m.subject())
            .add("since", m.since().toString())
            .add("addedBy", m.addedBy());
    m.end().ifPresent(e -> b.add("end", e.toString()));
    return b.build();
  }
}
