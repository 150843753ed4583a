package org.phirecords.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.model.PatientId;
import org.phirecords.service.PatientRights;

/** The electronic copy of a record (right of access, HIPAA 164.524) as FHIR R4 JSON. */
@ApplicationScoped
@Path("/patients/{patientId}/export")
@Tag(name = "patient rights", description = "Access history, electronic copy, amendments")
public class ElectronicCopyResource {
  /** The FHIR JSON media type. */
  public static final String FHIR_JSON = "application/fhir+json";

  @Inject PatientRights rights;

  @GET
  @Produces(FHIR_JSON)
  @AuditedAs(resource = ResourceType.PATIENT, action = AuditAction.EXPORT)
  @Operation(summary = "A FHIR R4 Bundle of the record (patient: own; physician)")
  @APIResponse(
      responseCode = "200",
      description = "The Bundle, as a download",
      content = @Content(mediaType = FHIR_JSON, schema = @Schema(ref = "JsonDocument")))
  public Response export(@PathParam("patientId") String patientId) {
    return Response.ok(rights.electronicCopy(new PatientId(patientId)), FHIR_JSON)
        .header("Content-Disposition", "attachment; filename=\"health-record.fhir.json\"")
        .build();
  }

  @GET
  @Path("/pdf")
  @Produces(DisclosureResource.PDF)
  @AuditedAs(resource = ResourceType.PATIENT, action = AuditAction.EXPORT)
  @Operation(
      summary =
          "The same copy as a PDF to read: entries, amendments, statements (patient: own;"
              + " physician)")
  @APIResponse(
      responseCode = "200",
      description = "The PDF, as a download",
      content =
          @Content(
              mediaType = DisclosureResource.PDF,
              schema = @Schema(type = SchemaType.STRING, format = "binary")))
  public Response pdf(@PathParam("patientId") String patientId) {
    return Response.ok(rights.electronicCopyPdf(new PatientId(patientId)), DisclosureResource.PDF)
        .header("Content-Disposition", "attachment; filename=\"health-record.pdf\"")
        .build();
  }
}
