package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.util.Set;
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
import org.phirecords.internal.web.JsonInput;
import org.phirecords.model.Mrn;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientId;
import org.phirecords.service.PatientDirectory;

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
  @Operation(summary = "Register a patient (physician)")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "PatientInput")))
  @APIResponse(
      responseCode = "201",
      description = "Created; ETag carries the version",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Patient")))
  @APIResponse(
      responseCode = "400",
      description = "Invalid input (problem+json)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "MRN already registered in the tenant",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  public Response create(InputStream body) {
    Patient created =
        directory.create(
            PatientJson.read(JsonInput.read(body, config.maxBodyBytes(), PatientJson.FIELDS)));
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
  @APIResponse(
      responseCode = "404",
      description = "Absent or outside the caller's scope",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
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
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  @APIResponse(responseCode = "404", ref = "NotFound")
  public Response update(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, InputStream body) {
    var patientId = new PatientId(id);
    long expected = Versions.expected(ifMatch);
    Patient updated =
        directory.update(
            patientId,
            expected,
            PatientJson.read(JsonInput.read(body, config.maxBodyBytes(), PatientJson.FIELDS)));
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
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  public Response findByMrn(InputStream body) {
    JsonInput in = JsonInput.read(body, config.maxBodyBytes(), Set.of("mrn"));
    Patient patient = directory.findByMrn(new Mrn(in.requiredString("mrn", 32)));
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
      description = "Matching patients (at most 20), maybe none",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Patients")))
  @APIResponse(responseCode = "400", ref = "BadRequest")
  @APIResponse(responseCode = "401", ref = "Unauthorized")
  @APIResponse(responseCode = "403", ref = "Forbidden")
  public jakarta.json.JsonArray findByName(InputStream body) {
    JsonInput in = JsonInput.read(body, config.maxBodyBytes(), Set.of("familyName", "birthDate"));
    var builder = JSON.createArrayBuilder();
    directory
        .findByNameAndBirthDate(
            in.requiredString("familyName", 100),
            in.requiredDate(
                "birthDate", java.time.LocalDate.of(1900, 1, 1), java.time.LocalDate.now()))
        .forEach(p -> builder.add(PatientJson.write(p)));
    return builder.build();
  }
}
