package org.phirecords.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
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
import org.phirecords.internal.web.PageJson;
import org.phirecords.internal.web.PageParams;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.RecordId;
import org.phirecords.service.ClinicalRecords;
import org.phirecords.web.body.EntryInput;

/** Clinical entries addressed by their own opaque id: read, history, new versions. */
@ApplicationScoped
@Path("/entries")
@Tag(name = "clinical", description = "Encounters, conditions, observations, procedures, notes")
@Produces(MediaType.APPLICATION_JSON)
public class ClinicalEntryResource {
  @Inject ClinicalRecords records;
  @Inject RecordsConfig config;

  @GET
  @Path("{id}")
  @AuditedAs(resource = ResourceType.CLINICAL_ENTRY, action = AuditAction.READ)
  @Operation(summary = "Latest version of an entry")
  @APIResponse(
      responseCode = "200",
      description = "The entry",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Entry")))
  public Response get(@PathParam("id") String id) {
    ClinicalEntry entry = records.get(new RecordId(id));
    return Response.ok(ClinicalJson.write(entry)).tag(Versions.tag(entry.version())).build();
  }

  @GET
  @Path("{id}/history")
  @AuditedAs(resource = ResourceType.CLINICAL_ENTRY, action = AuditAction.READ)
  @Operation(summary = "The versions of an entry, oldest first; paged")
  @APIResponse(
      responseCode = "200",
      description = "A page of versions; next is present when more exist",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Entries")))
  public JsonObject history(@PathParam("id") String id, @BeanParam PageParams paging) {
    return PageJson.of(records.history(new RecordId(id), paging.request()), ClinicalJson::write);
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.CLINICAL_ENTRY, action = AuditAction.UPDATE)
  @Operation(summary = "Store a new version (physician); If-Match names the version replaced")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "EntryInput")))
  @APIResponse(
      responseCode = "200",
      description = "The new version",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Entry")))
  @APIResponse(
      responseCode = "409",
      description = "Version conflict",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "428",
      description = "If-Match missing",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response update(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, InputStream body) {
    var recordId = new RecordId(id);
    long expected = Versions.expected(ifMatch);
    ClinicalEntry entry =
        records.update(
            recordId,
            expected,
            ClinicalJson.data(Bodies.read(body, config.maxBodyBytes(), EntryInput.class)));
    return Response.ok(ClinicalJson.write(entry)).tag(Versions.tag(entry.version())).build();
  }

  @DELETE
  @Path("{id}")
  // No body on success; a client that documents only the problem answers may ask for those.
  @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
  @AuditedAs(resource = ResourceType.CLINICAL_ENTRY, action = AuditAction.DELETE)
  @Operation(
      summary =
          "Mark an entry entered-in-error (physician); If-Match required. Hidden from reads from"
              + " then on, kept for audit and history")
  @APIResponse(responseCode = "204", description = "Marked; ETag names the new version")
  @APIResponse(
      responseCode = "409",
      description = "Version conflict",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "410",
      description = "Marked entered-in-error already",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "428",
      description = "If-Match missing",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response enterInError(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
    var target = new RecordId(id);
    return Versions.marked(ifMatch, expected -> records.enterInError(target, expected).version());
  }
}
