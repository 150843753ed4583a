package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
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
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.MergeId;
import org.phirecords.model.PatientId;
import org.phirecords.model.PatientMerge;
import org.phirecords.service.PatientMerges;
import org.phirecords.web.body.MergeInput;

/** Merging two registrations of one person into the one addressed, and undoing it (ADR 36). */
@ApplicationScoped
@Path("/patients/{patientId}/merge")
@Tag(name = "patients", description = "Identity (demographic) data")
@Produces(MediaType.APPLICATION_JSON)
public class PatientMergeResource {
  @Inject PatientMerges merges;
  @Inject RecordsConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.PATIENT, action = AuditAction.UPDATE)
  @Operation(
      summary =
          "Merge another registration of the same person into this one (physician); If-Match"
              + " names this one's version, the body the other's")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "MergeInput")))
  @APIResponse(
      responseCode = "200",
      description = "The merge; its id names it for an undo",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "PatientMerge")))
  @APIResponse(
      responseCode = "409",
      description = "PHR-409-01 a version is stale; PHR-409-19 the two cannot be merged",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "428",
      description = "If-Match missing",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject merge(
      @PathParam("patientId") String id,
      @HeaderParam("If-Match") String ifMatch,
      InputStream body) {
    var survivor = new PatientId(id);
    long expected = Versions.expected(ifMatch);
    MergeInput in = Bodies.read(body, config.maxBodyBytes(), MergeInput.class);
    return write(merges.merge(survivor, expected, new PatientId(in.merged()), in.mergedVersion()));
  }

  @POST
  @Path("{mergeId}/undo")
  @AuditedAs(resource = ResourceType.PATIENT, action = AuditAction.UPDATE)
  @Operation(summary = "Undo a merge into this registration within its undo period (physician)")
  @APIResponse(
      responseCode = "200",
      description = "The merge undone: both registrations answer as before",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "PatientMerge")))
  @APIResponse(
      responseCode = "409",
      description = "PHR-409-20: the undo period is over",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject undo(@PathParam("patientId") String id, @PathParam("mergeId") String mergeId) {
    return write(merges.undo(new PatientId(id), new MergeId(mergeId)));
  }

  private static JsonObject write(PatientMerge m) {
    return JSON.createObjectBuilder()
        .add("id", m.id().value())
        .add("survivor", m.survivor().value())
        .add("merged", m.merged().value())
        .add("mergedAt", m.mergedAt().toString())
        .add("undoUntil", m.undoUntil().toString())
        .build();
  }
}
