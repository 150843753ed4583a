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
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.PatientId;
import org.phirecords.service.ClinicalRecords;
import org.phirecords.web.body.EntryInput;

/** Clinical entries of one patient: recording new ones and listing the latest versions. */
@ApplicationScoped
@Path("/patients/{patientId}/entries")
@Tag(name = "clinical", description = "Encounters, conditions, observations, procedures, notes")
@Produces(MediaType.APPLICATION_JSON)
public class PatientEntriesResource {
  @Inject ClinicalRecords records;
  @Inject RecordsConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.CLINICAL_ENTRY, action = AuditAction.CREATE)
  @Operation(summary = "Record a clinical entry for a patient (physician)")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "EntryInput")))
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Entry")))
  public Response create(@PathParam("patientId") String patientId, InputStream body) {
    var patient = new PatientId(patientId);
    ClinicalEntry entry =
        records.create(
            patient, ClinicalJson.data(Bodies.read(body, config.maxBodyBytes(), EntryInput.class)));
    return Response.created(UriBuilder.fromPath("entries/{id}").build(entry.id().value()))
        .tag(Versions.tag(entry.version()))
        .entity(ClinicalJson.write(entry))
        .build();
  }

  @GET
  @AuditedAs(resource = ResourceType.CLINICAL_ENTRY, action = AuditAction.READ)
  @Operation(summary = "Latest version of each entry of a patient (physician; patient: own); paged")
  @APIResponse(
      responseCode = "200",
      description = "A page of entries, newest effective date first; next when more exist",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Entries")))
  public JsonObject list(@PathParam("patientId") String patientId, @BeanParam PageParams paging) {
    return PageJson.of(
        records.listByPatient(new PatientId(patientId), paging.request()), ClinicalJson::write);
  }
}
