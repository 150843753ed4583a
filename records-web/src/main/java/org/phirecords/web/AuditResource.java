package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditExport;
import org.phirecords.audit.AuditRecord;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.web.AuditJson;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.PageJson;
import org.phirecords.internal.web.PageParams;
import org.phirecords.service.AuditReview;

/** The audit trail of the caller's tenant, for privacy officers. Parameters are ids, never PHI. */
@ApplicationScoped
@Path("/audit")
@Tag(name = "audit", description = "Tamper-evident audit trail (privacy officers)")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
  @Inject AuditReview review;

  @GET
  @Path("events")
  @AuditedAs(resource = ResourceType.AUDIT_TRAIL, action = AuditAction.SEARCH)
  @Operation(
      summary =
          "Events of the tenant by patient, user, action, outcome and time, oldest first; paged")
  @APIResponse(
      responseCode = "200",
      description = "A page of events; next is present when more exist",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "AuditEvents")))
  public JsonObject events(@BeanParam AuditQueryParams params, @BeanParam PageParams paging) {
    return PageJson.of(review.search(params.query(), paging.request()), AuditResource::write);
  }

  @GET
  @Path("export")
  @Produces("application/fhir+json")
  @AuditedAs(resource = ResourceType.AUDIT_TRAIL, action = AuditAction.EXPORT)
  @Operation(summary = "The same selection as /events, as a FHIR R4 Bundle of BALP AuditEvents")
  @APIResponse(
      responseCode = "200",
      description =
          "One page as a FHIR Bundle (collection); when more exist, its link with relation"
              + " next is this request with after set to the next cursor",
      content =
          @Content(mediaType = "application/fhir+json", schema = @Schema(ref = "JsonDocument")))
  public String export(
      @BeanParam AuditQueryParams params, @BeanParam PageParams paging, @Context UriInfo uri) {
    AuditExport page = review.exportFhir(params.query(), paging.request());
    if (!page.hasMore()) {
      return page.bundle();
    }
    JsonObject bundle = JSON.createReader(new StringReader(page.bundle())).readObject();
    String next =
        uri.getRequestUriBuilder().replaceQueryParam("after", page.nextCursor()).build().toString();
    return JSON.createObjectBuilder(bundle)
        .add(
            "link",
            JSON.createArrayBuilder()
                .add(JSON.createObjectBuilder().add("relation", "next").add("url", next)))
        .build()
        .toString();
  }

  @GET
  @Path("verify")
  @AuditedAs(resource = ResourceType.AUDIT_TRAIL, action = AuditAction.READ)
  @Operation(summary = "Verify the tenant's audit chain, whole or in a time range")
  @APIResponse(
      responseCode = "200",
      description = "The verification report",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  public JsonObject verify(@QueryParam("from") String from, @QueryParam("to") String to) {
    return AuditJson.verification(review.verify(instant("from", from), instant("to", to)));
  }

  private static JsonObject write(AuditRecord r) {
    AuditEvent e = r.event();
    JsonArrayBuilder roles = JSON.createArrayBuilder();
    e.roles().stream().map(Enum::name).sorted().forEach(roles::add);
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("seq", r.seq())
            .add("id", e.id())
            .add("occurredAt", e.occurredAt().toString())
            .add("subject", e.subject())
            .add("roles", roles)
            .add("action", e.action().name())
            .add("resourceType", e.resourceType().name())
            .add("outcome", e.outcome().name())
            .add("purposeOfUse", e.purposeOfUse().hl7Code())
            .add("clientAddress", e.clientAddress())
            .add("operation", e.operation())
            .add("resultCount", e.resultCount());
    PatientJson.optional(b, "resourceId", e.resourceId());
    PatientJson.optional(b, "patientId", e.patientId());
    PatientJson.optional(b, "emergencyId", e.emergencyId());
    return b.build();
  }

  static String bounded(String name, String value) {
    if (value.length() > 200) {
      throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, name, name + " is too long.");
    }
    return value;
  }

  static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, name, name + " is not valid.");
    }
  }

  static Instant instant(String name, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          ErrorCode.INVALID_PARAMETER, name, name + " must be an ISO-8601 instant.");
    }
  }
}
