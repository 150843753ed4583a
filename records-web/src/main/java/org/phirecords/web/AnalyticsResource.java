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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.AnalyticsQuery;
import org.phirecords.model.AnalyticsQueryRecord;
import org.phirecords.model.AnalyticsResult;
import org.phirecords.service.Analytics;
import org.phirecords.web.body.AnalyticsQueryInput;

/** Aggregate queries on the de-identified analytics projection, and their audit (ADR 43). */
@ApplicationScoped
@Path("/analytics/queries")
@Tag(name = "analytics", description = "Counts on the de-identified projection (analyst)")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {
  @Inject Analytics analytics;
  @Inject RecordsConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.ANALYTICS_QUERY, action = AuditAction.SEARCH)
  @Operation(
      summary =
          "Run an aggregate query (analyst): counts per cell, cells under the threshold and"
              + " those that would reveal them suppressed; audited with its parameters")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = "application/json", schema = @Schema(ref = "AnalyticsQueryInput")))
  @APIResponse(
      responseCode = "200",
      description = "The cells and the total",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "AnalyticsResult")))
  @APIResponse(
      responseCode = "403",
      description =
          "PHR-403-20: an organisation outside the caller's reach; PHR-403-21: the analyst role"
              + " held with a role reading PHI",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject query(InputStream body) {
    AnalyticsQueryInput in = Bodies.read(body, config.maxBodyBytes(), AnalyticsQueryInput.class);
    AnalyticsResult r = analytics.query(model(in));
    return write(r);
  }

  @GET
  @Path("audit")
  @AuditedAs(resource = ResourceType.ANALYTICS_QUERY, action = AuditAction.READ)
  @Operation(summary = "The analytics queries run in the tenant, newest first (privacy officer)")
  @APIResponse(
      responseCode = "200",
      description = "The queries with their parameters",
      content =
          @Content(mediaType = "application/json", schema = @Schema(ref = "AnalyticsQueries")))
  public JsonObject audit(
      @Parameter(in = ParameterIn.QUERY, description = "from this instant (ISO 8601)")
          @QueryParam("from")
          String from,
      @Parameter(in = ParameterIn.QUERY, description = "up to this instant (ISO 8601)")
          @QueryParam("to")
          String to,
      @Parameter(
              in = ParameterIn.QUERY,
              description = "at most this many (1 to 500)",
              schema =
                  @Schema(
                      type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER,
                      minimum = "1",
                      maximum = "500",
                      defaultValue = "100"))
          @QueryParam("limit")
          String limit) {
    int max;
    try {
      max = limit == null ? 100 : Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, "limit", "limit: 1 to 500");
    }
    JsonArrayBuilder items = JSON.createArrayBuilder();
    for (AnalyticsQueryRecord q :
        analytics.queries(instant("from", from), instant("to", to), max)) {
      items.add(write(q));
    }
    return JSON.createObjectBuilder().add("items", items).build();
  }

  /** The query model of {@code in} (its codes without displays). */
  static AnalyticsQuery model(AnalyticsQueryInput in) {
    return new AnalyticsQuery(
        in.measure(),
        in.dimensions(),
        java.time.LocalDate.parse(in.from()),
        java.time.LocalDate.parse(in.to()),
        in.codes() == null
            ? List.of()
            : in.codes().stream()
                .map(c -> new org.phirecords.model.Code(c.system(), c.code(), null))
                .toList(),
        in.organisations(),
        in.purposeOfUse());
  }

  private static Instant instant(String name, String value) {
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, name, name + ": an instant");
    }
  }

  static JsonObject write(AnalyticsResult r) {
    JsonArrayBuilder cells = JSON.createArrayBuilder();
    for (AnalyticsResult.Cell c : r.cells()) {
      JsonObjectBuilder cell =
          JSON.createObjectBuilder()
              .add("values", JSON.createArrayBuilder(c.values()))
              .add("suppressed", c.suppressed());
      if (c.value() == null) {
        cell.addNull("value");
      } else {
        cell.add("value", c.value());
      }
      cells.add(cell);
    }
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("queryId", r.queryId())
            .add("measure", r.measure())
            .add("dimensions", JSON.createArrayBuilder(r.dimensions()))
            .add("cells", cells)
            .add("threshold", r.threshold())
            .add("suppressed", r.suppressed());
    if (r.total() == null) {
      b.addNull("total");
    } else {
      b.add("total", r.total());
    }
    return b.build();
  }

  static JsonObject write(AnalyticsQueryRecord q) {
    return JSON.createObjectBuilder()
        .add("queryId", q.queryId())
        .add("at", q.at().toString())
        .add("subject", q.subject())
        .add("purposeOfUse", q.purposeOfUse())
        .add("measure", q.measure())
        .add("dimensions", JSON.createArrayBuilder(q.dimensions()))
        .add("from", q.from().toString())
        .add("to", q.to().toString())
        .add("codes", JSON.createArrayBuilder(q.codes()))
        .add("organisations", JSON.createArrayBuilder(q.organisations()))
        .add("cells", q.cells())
        .add("suppressed", q.suppressed())
        .add("intact", q.intact())
        .build();
  }
}
