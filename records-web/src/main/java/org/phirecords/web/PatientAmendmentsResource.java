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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
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
import org.phirecords.model.Amendment;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.service.PatientRights;
import org.phirecords.web.body.AmendmentRequestInput;

/** A patient's amendment requests (HIPAA 164.526): filing and listing. */
@ApplicationScoped
@Path("/patients/{patientId}/amendments")
@Tag(name = "patient rights", description = "Access history, electronic copy, amendments")
@Produces(MediaType.APPLICATION_JSON)
public class PatientAmendmentsResource {
  @Inject PatientRights rights;
  @Inject RecordsConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.AMENDMENT, action = AuditAction.CREATE)
  @Operation(summary = "Request an amendment of an entry (patient, own record): {entryId, reason}")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = "application/json", schema = @Schema(ref = "AmendmentRequestInput")))
  @APIResponse(
      responseCode = "201",
      description = "The request, due in 60 days",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Amendment")))
  @APIResponse(
      responseCode = "409",
      description =
          "PHR-409-05: as many requests await a decision as allowed"
              + " (records.amendments.max-open-per-patient, default 10)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response request(@PathParam("patientId") String patientId, InputStream body) {
    AmendmentRequestInput in =
        Bodies.read(body, config.maxBodyBytes(), AmendmentRequestInput.class);
    Amendment filed =
        rights.requestAmendment(new PatientId(patientId), new RecordId(in.entryId()), in.reason());
    return Response.created(UriBuilder.fromPath("amendments/{id}").build(filed.id().value()))
        .entity(AmendmentJson.write(filed))
        .build();
  }

  @GET
  @AuditedAs(resource = ResourceType.AMENDMENT, action = AuditAction.READ)
  @Operation(
      summary = "The patient's amendment requests, newest first (patient: own; physician); paged")
  @APIResponse(
      responseCode = "200",
      description = "A page of requests; next is present when more exist",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Amendments")))
  public JsonObject list(@PathParam("patientId") String patientId, @BeanParam PageParams paging) {
    return PageJson.of(
        rights.amendments(new PatientId(patientId), paging.request()), AmendmentJson::write);
  }
}
