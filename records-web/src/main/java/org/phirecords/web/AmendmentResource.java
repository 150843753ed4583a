package org.phirecords.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import org.phirecords.model.AmendmentId;
import org.phirecords.service.PatientRights;
import org.phirecords.web.body.EntryInput;
import org.phirecords.web.body.ReasonInput;
import org.phirecords.web.body.StatementInput;

/** One amendment request: a physician's decision, the patient's statement of disagreement. */
@ApplicationScoped
@Path("/amendments/{id}")
@Tag(name = "patient rights", description = "Access history, electronic copy, amendments")
@Produces(MediaType.APPLICATION_JSON)
public class AmendmentResource {
  @Inject PatientRights rights;
  @Inject RecordsConfig config;

  @GET
  @AuditedAs(resource = ResourceType.AMENDMENT, action = AuditAction.READ)
  @Operation(summary = "One amendment request (patient: own; physician)")
  @APIResponse(
      responseCode = "200",
      description = "The request",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Amendment")))
  public JsonObject get(@PathParam("id") String id) {
    return AmendmentJson.write(rights.amendment(new AmendmentId(id)));
  }

  @POST
  @Path("accept")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.AMENDMENT, action = AuditAction.UPDATE)
  @Operation(
      summary =
          "Accept (physician): the body is the amended entry, If-Match the entry version replaced")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "EntryInput")))
  @APIResponse(
      responseCode = "200",
      description = "The accepted request, linked to the version",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Amendment")))
  @APIResponse(
      responseCode = "409",
      description = "Decided already, or the entry changed",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject accept(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, InputStream body) {
    long expected = Versions.expected(ifMatch);
    return AmendmentJson.write(
        rights.accept(
            new AmendmentId(id),
            expected,
            ClinicalJson.data(Bodies.read(body, config.maxBodyBytes(), EntryInput.class))));
  }

  @POST
  @Path("denial")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.AMENDMENT, action = AuditAction.UPDATE)
  @Operation(summary = "Deny with a written reason (physician): {reason}")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ReasonInput")))
  @APIResponse(
      responseCode = "200",
      description = "The denied request",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Amendment")))
  public JsonObject deny(@PathParam("id") String id, InputStream body) {
    return AmendmentJson.write(rights.deny(new AmendmentId(id), reason(body)));
  }

  @POST
  @Path("extension")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.AMENDMENT, action = AuditAction.UPDATE)
  @Operation(summary = "Extend the deadline once by 30 days (physician): {reason}")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ReasonInput")))
  @APIResponse(
      responseCode = "200",
      description = "The request with its new deadline",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Amendment")))
  public JsonObject extend(@PathParam("id") String id, InputStream body) {
    return AmendmentJson.write(rights.extend(new AmendmentId(id), reason(body)));
  }

  @POST
  @Path("disagreement")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.AMENDMENT, action = AuditAction.CREATE)
  @Operation(summary = "File a statement of disagreement with a denial (patient): {statement}")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "StatementInput")))
  @APIResponse(
      responseCode = "200",
      description = "The request with the statement attached",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Amendment")))
  public JsonObject disagree(@PathParam("id") String id, InputStream body) {
    return AmendmentJson.write(
        rights.disagree(
            new AmendmentId(id),
            Bodies.read(body, config.maxBodyBytes(), StatementInput.class).statement()));
  }

  private String reason(InputStream body) {
    return Bodies.read(body, config.maxBodyBytes(), ReasonInput.class).reason();
  }
}
