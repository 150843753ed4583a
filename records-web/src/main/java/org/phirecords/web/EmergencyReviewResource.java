package org.phirecords.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
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
import org.phirecords.internal.web.PageJson;
import org.phirecords.internal.web.PageParams;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.DeclarationId;
import org.phirecords.service.BreakGlass;
import org.phirecords.web.body.ReviewNote;

/** The privacy officer's review queue of break-glass declarations (ADR 28). */
@ApplicationScoped
@Path("/emergency-access")
@Tag(name = "break-glass", description = "Emergency access to one patient, and its review")
@Produces(MediaType.APPLICATION_JSON)
public class EmergencyReviewResource {
  private static final String ENTITY = "EmergencyDeclaration";
  private static final String CONFLICT = "PHR-409-16: the declaration was already reviewed";

  @Inject BreakGlass glass;
  @Inject RecordsConfig config;

  @GET
  @AuditedAs(resource = ResourceType.EMERGENCY_ACCESS, action = AuditAction.SEARCH)
  @Operation(summary = "Declarations awaiting review, oldest first (privacy officer); paged")
  @APIResponse(
      responseCode = "200",
      description = "A page of declarations; next is present when more exist",
      content =
          @Content(mediaType = "application/json", schema = @Schema(ref = "EmergencyDeclarations")))
  public JsonObject queue(
      @Parameter(
              in = ParameterIn.QUERY,
              description = "the review state; only unreviewed is listed",
              schema =
                  @Schema(
                      enumeration = {"unreviewed"},
                      defaultValue = "unreviewed"))
          @QueryParam("state")
          String state,
      @BeanParam PageParams paging) {
    if (state != null && !state.equals("unreviewed")) {
      throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, "state", "state: unreviewed");
    }
    return PageJson.of(glass.unreviewed(paging.request()), EmergencyJson::write);
  }

  @POST
  @Path("{id}/acknowledgement")
  @AuditedAs(resource = ResourceType.EMERGENCY_ACCESS, action = AuditAction.UPDATE)
  @Operation(summary = "Acknowledge a declaration as appropriate (privacy officer)")
  @APIResponse(
      responseCode = "200",
      description = "The reviewed declaration",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = ENTITY)))
  @APIResponse(
      responseCode = "409",
      description = CONFLICT,
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject acknowledge(@PathParam("id") String id) {
    return EmergencyJson.write(glass.acknowledge(new DeclarationId(id)));
  }

  @POST
  @Path("{id}/flag")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.EMERGENCY_ACCESS, action = AuditAction.UPDATE)
  @Operation(summary = "Flag a declaration as inappropriate with a note (privacy officer): {note}")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ReviewNote")))
  @APIResponse(
      responseCode = "200",
      description = "The flagged declaration",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = ENTITY)))
  @APIResponse(
      responseCode = "409",
      description = CONFLICT,
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject flag(@PathParam("id") String id, InputStream body) {
    return EmergencyJson.write(
        glass.flag(
            new DeclarationId(id),
            Bodies.read(body, config.maxBodyBytes(), ReviewNote.class).note()));
  }
}
