package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.PageJson;
import org.phirecords.internal.web.PageParams;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.Membership;
import org.phirecords.model.MembershipId;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.PatientId;
import org.phirecords.service.Memberships;
import org.phirecords.web.body.MembershipEnd;
import org.phirecords.web.body.MembershipInput;

/** A patient's memberships of the tenant's organisations (physicians; patients read their own). */
@ApplicationScoped
@Path("/patients/{patientId}/memberships")
@Tag(name = "patients", description = "Identity (demographic) data")
@Produces(MediaType.APPLICATION_JSON)
public class MembershipResource {
  @Inject Memberships memberships;
  @Inject RecordsConfig config;

  @GET
  @AuditedAs(resource = ResourceType.MEMBERSHIP, action = AuditAction.READ)
  @Operation(
      summary =
          "The patient's memberships, past, present and future, by id (physician; patient, own)")
  @APIResponse(
      responseCode = "200",
      description = "A page of memberships; next is present when more exist",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Memberships")))
  public JsonObject list(@PathParam("patientId") String id, @BeanParam PageParams paging) {
    return PageJson.of(
        memberships.list(new PatientId(id), paging.request()), MembershipResource::write);
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.MEMBERSHIP, action = AuditAction.CREATE)
  @Operation(summary = "Make the patient a member of an organisation over a period (physician)")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "MembershipInput")))
  @APIResponse(
      responseCode = "201",
      description = "The membership",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Membership")))
  @APIResponse(
      responseCode = "404",
      description = "PHR-404-01 unknown patient, PHR-404-02 unknown organisation",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "PHR-409-13: the organisation, or one above it, is suspended or closed",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response add(@PathParam("patientId") String id, InputStream body) {
    MembershipInput in = Bodies.read(body, config.maxBodyBytes(), MembershipInput.class);
    Membership added =
        memberships.add(
            new PatientId(id),
            new OrganisationId(in.organisation()),
            instant(in.start(), "/start"),
            Optional.ofNullable(in.end()).map(e -> instant(e, "/end")),
            Optional.ofNullable(in.memberId()));
    return Response.status(Response.Status.CREATED).entity(write(added)).build();
  }

  @POST
  @Path("{membershipId}/end")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.MEMBERSHIP, action = AuditAction.UPDATE)
  @Operation(
      summary =
          "End a membership (physician); one that ended already at or before the time asked is"
              + " answered unchanged")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "MembershipEnd")))
  @APIResponse(
      responseCode = "200",
      description = "The membership",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Membership")))
  public JsonObject end(
      @PathParam("patientId") String id,
      @PathParam("membershipId") String membership,
      InputStream body) {
    MembershipEnd in = Bodies.read(body, config.maxBodyBytes(), MembershipEnd.class);
    return write(
        memberships.end(
            new PatientId(id),
            new MembershipId(membership),
            in.end() == null ? Instant.now() : instant(in.end(), "/end")));
  }

  private static Instant instant(String value, String field) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw InvalidInputException.invalid(field, "must be an instant, UTC");
    }
  }

  static JsonObject write(Membership m) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("id", m.id().value())
            .add("patientId", m.patient().value())
            .add("organisation", m.organisation().value())
            .add("start", m.start().toString());
    m.end().ifPresent(e -> b.add("end", e.toString()));
    m.memberId().ifPresent(v -> b.add("memberId", v));
    return b.build();
  }
}
