package org.phirecords.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
import org.phirecords.model.Mrn;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.PatientId;
import org.phirecords.service.PatientDirectory;
import org.phirecords.web.body.MrnSearch;
import org.phirecords.web.body.NameSearch;
import org.phirecords.web.body.PatientInput;

/** Patients' identity data. Lookups by MRN use a POST body: PHI never goes into a URL. */
@ApplicationScoped
@Path("/patients")
@Tag(name = "patients", description = "Identity (demographic) data")
@Produces(MediaType.APPLICATION_JSON)
public class PatientResource {
  @Inject PatientDirectory directory;
  @Inject RecordsConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.PATIENT, action = AuditAction.CREATE)
  @Operation(
      summary =
          "Register a patient (physician), at an organisation if `organisation` is given"
              + " (ADR 27)")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "PatientInput")))
  @APIResponse(
      responseCode = "201",
      description = "Created; ETag carries the version",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Patient")))
  @APIResponse(
      responseCode = "409",
      description = "MRN already registered in the tenant",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response create(
      @QueryParam("organisation")
          @Parameter(
              description =
                  "register the patient at this organisation (ADR 27): a membership from now;"
                      + " required for staff whose role holds at organisations only")
          String organisation,
      InputStream body) {
    PatientData data =
        PatientJson.data(Bodies.read(body, config.maxBodyBytes(), PatientInput.class));
    Patient created =
        organisation == null
            ? directory.create(data)
            : directory.create(data, new OrganisationId(organisation));
    return Response.created(UriBuilder.fromPath("patients/{id}").build(created.id().value()))
        .tag(Versions.tag(created.version()))
        .entity(PatientJson.write(created))
        .build();
  }

  @GET
  @Path("{id}")
  @AuditedAs(resource = ResourceType.PATIENT, action = AuditAction.READ)
  @Operation(summary = "Read a patient (physician; patient: own record)")
  @APIResponse(
      responseCode = "200",
      description = "The patient",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Patient")))
  public Response get(@PathParam("id") String id) {
    Patient patient = directory.get(new PatientId(id));
    return Response.ok(PatientJson.write(patient)).tag(Versions.tag(patient.version())).build();
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.PATIENT, action = AuditAction.UPDATE)
  @Operation(summary = "Replace a patient's identity data (physician); If-Match required")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "PatientInput")))
  @APIResponse(
      responseCode = "200",
      description = "Updated",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Patient")))
  @APIResponse(
      responseCode = "409",
      description = "Version conflict",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "428",
      description = "If-Match missing",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response update(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, InputStream body) {
    var patientId = new PatientId(id);
    long expected = Versions.expected(ifMatch);
    Patient updated =
        directory.update(
            patientId,
            expected,
            PatientJson.data(Bodies.read(body, config.maxBodyBytes(), PatientInput.class)));
    return Response.ok(PatientJson.write(updated)).tag(Versions.tag(updated.version())).build();
  }

  @POST
  @Path("search")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.PATIENT, action = AuditAction.SEARCH)
  @Operation(summary = "Find a patient by MRN (physician); body {\"mrn\": \"...\"}")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "MrnSearch")))
  @APIResponse(
      responseCode = "200",
      description = "The patient",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Patient")))
  @APIResponse(
      responseCode = "404",
      description = "No such MRN in the tenant",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response findByMrn(InputStream body) {
    MrnSearch in = Bodies.read(body, config.maxBodyBytes(), MrnSearch.class);
    Patient patient = directory.findByMrn(new Mrn(in.mrn()));
    JsonObject json = PatientJson.write(patient);
    return Response.ok(json).tag(Versions.tag(patient.version())).build();
  }

  @POST
  @Path("search/by-name")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.PATIENT, action = AuditAction.SEARCH)
  @Operation(
      summary =
          "Find patients by family name and birth date (physician);"
              + " body {\"familyName\": ..., \"birthDate\": \"YYYY-MM-DD\"}")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "NameSearch")))
  @APIResponse(
      responseCode = "200",
      description = "A page of matching patients, maybe none; next is present when more exist",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Patients")))
  public JsonObject findByName(@BeanParam PageParams paging, InputStream body) {
    NameSearch in = Bodies.read(body, config.maxBodyBytes(), NameSearch.class);
    return PageJson.of(
        directory.findByNameAndBirthDate(
            in.familyName(), java.time.LocalDate.parse(in.birthDate()), paging.request()),
        PatientJson::write);
  }

  @DELETE
  @Path("{id}")
  // No body on success; a client that documents only the problem answers may ask for those.
  @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
  @AuditedAs(resource = ResourceType.PATIENT, action = AuditAction.DELETE)
  @Operation(
      summary =
          "Mark a registration entered-in-error (physician); If-Match required. Hidden from reads from"
              + " then on, kept for audit and history")
  @APIResponse(responseCode = "204", description = "Marked; ETag names the new version")
  @APIResponse(
      responseCode = "409",
      description = "Version conflict, or the patient has entries in force",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "410",
      description = "Marked entered-in-error already",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "428",
      description = "If-Match missing",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response enterInError(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
    var target = new PatientId(id);
    return Versions.marked(ifMatch, expected -> directory.enterInError(target, expected));
  }
}
