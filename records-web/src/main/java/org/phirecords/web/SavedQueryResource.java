package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
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
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.SavedQuery;
import org.phirecords.model.SavedQueryId;
import org.phirecords.service.Analytics;
import org.phirecords.service.SavedQueries;
import org.phirecords.web.body.SavedQueryInput;

/** An analyst's named analytics queries, and running one (ADR 45). */
@ApplicationScoped
@Path("/analytics/saved-queries")
@Tag(name = "analytics", description = "Counts on the de-identified projection (analyst)")
@Produces(MediaType.APPLICATION_JSON)
public class SavedQueryResource {
  private static final String SCHEMA = "SavedQuery";

  @Inject SavedQueries saved;
  @Inject Analytics analytics;
  @Inject RecordsConfig config;

  @GET
  @AuditedAs(resource = ResourceType.ANALYTICS_SAVED_QUERY, action = AuditAction.READ)
  @Operation(summary = "The tenant's saved analytics queries by name (analyst)")
  @APIResponse(
      responseCode = "200",
      description = "The saved queries",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "SavedQueries")))
  public JsonObject list() {
    JsonArrayBuilder items = JSON.createArrayBuilder();
    saved.list().forEach(q -> items.add(write(q)));
    return JSON.createObjectBuilder().add("items", items).build();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.ANALYTICS_SAVED_QUERY, action = AuditAction.CREATE)
  @Operation(summary = "Save a named analytics query model (analyst); checked as a query is")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "SavedQueryInput")))
  @APIResponse(
      responseCode = "201",
      description = "Saved",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  @APIResponse(
      responseCode = "409",
      description = "PHR-409-32: another saved query has this name",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response save(InputStream body) {
    SavedQueryInput in = Bodies.read(body, config.maxBodyBytes(), SavedQueryInput.class);
    SavedQuery created = saved.save(in.name(), AnalyticsResource.model(in.query()));
    return Response.status(201).entity(write(created)).tag(Versions.tag(created.version())).build();
  }

  @GET
  @Path("{id}")
  @AuditedAs(resource = ResourceType.ANALYTICS_SAVED_QUERY, action = AuditAction.READ)
  @Operation(summary = "A saved analytics query (analyst)")
  @APIResponse(
      responseCode = "200",
      description = "The saved query; ETag names its version",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  @APIResponse(
      responseCode = "404",
      description = "PHR-404-11: no saved query of this id in the tenant",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response get(@PathParam("id") String id) {
    SavedQuery found = saved.get(new SavedQueryId(id));
    return Response.ok(write(found)).tag(Versions.tag(found.version())).build();
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.ANALYTICS_SAVED_QUERY, action = AuditAction.UPDATE)
  @Operation(summary = "Replace a saved query's name and model (analyst); If-Match required")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "SavedQueryInput")))
  @APIResponse(
      responseCode = "200",
      description = "Replaced",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  @APIResponse(
      responseCode = "409",
      description = "Version conflict, or PHR-409-32: another saved query has this name",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "428",
      description = "If-Match missing",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response update(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, InputStream body) {
    SavedQueryId savedId = new SavedQueryId(id);
    long expected = Versions.expected(ifMatch);
    SavedQueryInput in = Bodies.read(body, config.maxBodyBytes(), SavedQueryInput.class);
    SavedQuery updated =
        saved.update(savedId, expected, in.name(), AnalyticsResource.model(in.query()));
    return Response.ok(write(updated)).tag(Versions.tag(updated.version())).build();
  }

  @DELETE
  @Path("{id}")
  @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
  @AuditedAs(resource = ResourceType.ANALYTICS_SAVED_QUERY, action = AuditAction.DELETE)
  @Operation(summary = "Delete a saved analytics query (analyst)")
  @APIResponse(responseCode = "204", description = "Deleted")
  @APIResponse(
      responseCode = "404",
      description = "PHR-404-11: no saved query of this id in the tenant",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response delete(@PathParam("id") String id) {
    saved.delete(new SavedQueryId(id));
    return Response.noContent().build();
  }

  @POST
  @Path("{id}/run")
  @AuditedAs(resource = ResourceType.ANALYTICS_QUERY, action = AuditAction.SEARCH)
  @Operation(
      summary =
          "Run a saved analytics query (analyst): the answer and audit of a query of its model")
  @APIResponse(
      responseCode = "200",
      description = "The cells and the total",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "AnalyticsResult")))
  @APIResponse(
      responseCode = "404",
      description = "PHR-404-11: no saved query of this id in the tenant",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject run(@PathParam("id") String id) {
    return AnalyticsResource.write(analytics.query(saved.get(new SavedQueryId(id)).query()));
  }

  static JsonObject write(SavedQuery q) {
    var m = q.query();
    JsonArrayBuilder codes = JSON.createArrayBuilder();
    m.codes()
        .forEach(
            c ->
                codes.add(
                    JSON.createObjectBuilder().add("system", c.system()).add("code", c.code())));
    return JSON.createObjectBuilder()
        .add("id", q.id().value())
        .add("name", q.name())
        .add(
            "query",
            JSON.createObjectBuilder()
                .add("measure", m.measure())
                .add("dimensions", JSON.createArrayBuilder(m.dimensions()))
                .add("from", m.from().toString())
                .add("to", m.to().toString())
                .add("codes", codes)
                .add("organisations", JSON.createArrayBuilder(m.organisations()))
                .add("purposeOfUse", m.purposeOfUse()))
        .add("savedBy", q.savedBy())
        .add("savedAt", q.savedAt().toString())
        .add("version", q.version())
        .build();
  }
}
