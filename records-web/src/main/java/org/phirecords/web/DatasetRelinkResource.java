package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
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
import org.phirecords.model.ExportId;
import org.phirecords.model.RelinkId;
import org.phirecords.model.RelinkRequest;
import org.phirecords.service.DatasetRelinks;
import org.phirecords.web.body.RelinkDecisionInput;
import org.phirecords.web.body.RelinkInput;

/**
 * Re-linking research ids of a relinkable dataset (ADR 44): the dataset's analyst asks, a privacy
 * officer other than the requester decides, the analyst receives the approved ids' patient ids
 * once. Patient ids appear only in the release's answer, never in a URL.
 */
@ApplicationScoped
@Path("/analytics/relinks")
@Tag(name = "analytics", description = "Counts on the de-identified projection (analyst)")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetRelinkResource {
  private static final String PROBLEM = "application/problem+json";

  @Inject DatasetRelinks relinks;
  @Inject RecordsConfig config;
  @Context UriInfo uri;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.ANALYTICS_DATASET, action = AuditAction.CREATE)
  @Operation(
      operationId = "relinkRequest",
      summary =
          "Ask a privacy officer to re-link research ids of one's own relinkable dataset (analyst)")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "RelinkInput")))
  @APIResponse(
      responseCode = "201",
      description = "Asked; awaiting a privacy officer's decision",
      headers = @Header(name = "Location", description = "The request's URL"),
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "RelinkRequest")))
  @APIResponse(
      responseCode = "400",
      description = "Bad research ids (PHR-400-64) or purpose (PHR-400-65)",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "404",
      description = "No such dataset of this caller (PHR-404-13)",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "The dataset is not relinkable, not completed, or expired (PHR-409-34)",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  public Response request(InputStream body) {
    RelinkInput in = Bodies.read(body, config.maxBodyBytes(), RelinkInput.class);
    RelinkRequest r = relinks.request(new ExportId(in.datasetId()), in.researchIds(), in.purpose());
    return Response.status(Response.Status.CREATED)
        .entity(write(r))
        .header(
            "Location",
            uri.getBaseUriBuilder()
                .path("analytics/relinks")
                .path(r.id().value())
                .build()
                .toString())
        .type(MediaType.APPLICATION_JSON)
        .build();
  }

  @GET
  @AuditedAs(resource = ResourceType.ANALYTICS_DATASET, action = AuditAction.UPDATE)
  @Operation(
      operationId = "relinkPending",
      summary = "The tenant's re-linking requests awaiting a decision (privacy officer)")
  @APIResponse(
      responseCode = "200",
      description = "Pending requests, oldest first, with their purposes",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "RelinkRequests")))
  public JsonObject pending() {
    JsonArrayBuilder list = JSON.createArrayBuilder();
    relinks.pending().forEach(r -> list.add(write(r)));
    return JSON.createObjectBuilder().add("requests", list).build();
  }

  @POST
  @Path("{relinkId}/decision")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.ANALYTICS_DATASET, action = AuditAction.UPDATE)
  @Operation(
      operationId = "relinkDecide",
      summary = "Approve (all or some research ids) or deny a re-linking request (privacy officer)")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = "application/json", schema = @Schema(ref = "RelinkDecisionInput")))
  @APIResponse(
      responseCode = "200",
      description = "Decided",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "RelinkRequest")))
  @APIResponse(
      responseCode = "403",
      description = "The caller asked for it: someone else decides (PHR-403-22)",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "404",
      description = "No such request in this tenant (PHR-404-13)",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "Already decided, or expired (PHR-409-34)",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  public JsonObject decide(@PathParam("relinkId") String relinkId, InputStream body) {
    RelinkDecisionInput in = Bodies.read(body, config.maxBodyBytes(), RelinkDecisionInput.class);
    return write(relinks.decide(new RelinkId(relinkId), in.approve(), in.researchIds()));
  }

  @POST
  @Path("{relinkId}/release")
  @Produces({MediaType.APPLICATION_JSON, PROBLEM})
  @AuditedAs(resource = ResourceType.ANALYTICS_DATASET, action = AuditAction.EXPORT)
  @Operation(
      operationId = "relinkRelease",
      summary = "Receive the patient ids of the approved research ids, once (the requester)")
  @APIResponse(
      responseCode = "200",
      description = "Each approved research id found in reach with its patient id",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "RelinkRelease")))
  @APIResponse(
      responseCode = "404",
      description = "No such request of this caller (PHR-404-13)",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "Not approved, released already, or expired (PHR-409-34)",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  public JsonObject release(@PathParam("relinkId") String relinkId) {
    RelinkId id = new RelinkId(relinkId);
    JsonArrayBuilder links = JSON.createArrayBuilder();
    for (Map.Entry<String, String> e : relinks.release(id).entrySet()) {
      links.add(
          JSON.createObjectBuilder().add("researchId", e.getKey()).add("patientId", e.getValue()));
    }
    return JSON.createObjectBuilder().add("id", id.value()).add("links", links).build();
  }

  private static JsonObject write(RelinkRequest r) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("id", r.id().value())
            .add("datasetId", r.dataset().value())
            .add("state", r.state().name())
            .add("researchIds", JSON.createArrayBuilder(r.researchIds()))
            .add("purpose", r.purpose())
            .add("requestedBy", r.requestedBy())
            .add("requestedAt", r.requestedAt().toString())
            .add("expiresAt", r.expiresAt().toString());
    if (r.decidedAt() != null) {
      b.add("decidedAt", r.decidedAt().toString());
    }
    return b.build();
  }
}
