package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.integration.IntegrationEvent;
import org.phirecords.integration.IntegrationEventPage;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.service.IntegrationEvents;

/**
 * The tenant's integration events (ADR 35): ids and versions of committed writes, in order, read on
 * from a position. At least once: a consumer stores {@code next} after handling a page.
 */
@ApplicationScoped
@Path("/integration/events")
@Tag(name = "integration", description = "Integration events of committed writes (ids only)")
@Produces(MediaType.APPLICATION_JSON)
public class IntegrationEventsResource {
  private static final Pattern LIMIT = Pattern.compile("[0-9]{1,4}");

  /** Events per page when the caller names no limit. */
  static final int DEFAULT_LIMIT = 100;

  @Inject IntegrationEvents events;

  @GET
  @AuditedAs(resource = ResourceType.INTEGRATION_EVENT, action = AuditAction.READ)
  @Operation(summary = "Integration events after a position, oldest first (tenant admin)")
  @APIResponse(
      responseCode = "200",
      description = "Up to limit events after the position, and the position to read on from",
      content =
          @Content(mediaType = "application/json", schema = @Schema(ref = "IntegrationEvents")))
  public JsonObject after(
      @QueryParam("after")
          @Parameter(
              description =
                  "The next position of the previous page (opaque); absent to start at the"
                      + " beginning of the stream",
              schema = @Schema(type = SchemaType.STRING, maxLength = 19))
          String after,
      @QueryParam("limit")
          @Parameter(
              description = "Events per page, 1 to 500 (default 100)",
              schema =
                  @Schema(
                      type = SchemaType.INTEGER,
                      minimum = "1",
                      maximum = "500",
                      defaultValue = "100"))
          String limit) {
    int size = DEFAULT_LIMIT;
    if (limit != null) {
      if (!LIMIT.matcher(limit).matches()) {
        throw new InvalidInputException(
            ErrorCode.EVENT_LIMIT_INVALID,
            "limit",
            "limit must be 1 to " + IntegrationEvents.MAX_LIMIT);
      }
      size = Integer.parseInt(limit);
    }
    IntegrationEventPage page = events.after(after, size);
    JsonArrayBuilder items = JSON.createArrayBuilder();
    page.events().forEach(e -> items.add(write(e)));
    return JSON.createObjectBuilder().add("events", items).add("next", page.next()).build();
  }

  private static JsonObject write(IntegrationEvent e) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("position", e.position())
            .add("type", e.type().wireName())
            .add("occurredAt", e.occurredAt().toString())
            .add("patientId", e.patientId())
            .add("version", e.version());
    if (e.entryId() != null) {
      b.add("entryId", e.entryId());
    }
    if (e.relatedPatientId() != null) {
      b.add("relatedPatientId", e.relatedPatientId());
    }
    return b.build();
  }
}
