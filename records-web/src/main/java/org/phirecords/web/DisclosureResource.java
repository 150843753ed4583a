package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

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
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
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
import org.phirecords.model.Disclosure;
import org.phirecords.model.PatientId;
import org.phirecords.service.Disclosures;
import org.phirecords.web.body.DisclosureInput;

/** The accounting of disclosures (HIPAA 164.528; ADR 47): recorded by staff, read by patients. */
@ApplicationScoped
@Path("/patients/{patientId}/disclosures")
@Tag(name = "patient rights", description = "Access history, electronic copy, amendments")
@Produces(MediaType.APPLICATION_JSON)
public class DisclosureResource {
  static final String PDF = "application/pdf";

  @Inject Disclosures disclosures;
  @Inject RecordsConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.DISCLOSURE, action = AuditAction.CREATE)
  @Operation(summary = "Record a disclosure outside treatment, payment and operations (physician)")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "DisclosureInput")))
  @APIResponse(
      responseCode = "201",
      description = "The disclosure",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Disclosure")))
  public Response record(@PathParam("patientId") String patientId, InputStream body) {
    DisclosureInput in = Bodies.read(body, config.maxBodyBytes(), DisclosureInput.class);
    Instant at;
    try {
      at = Instant.parse(in.disclosedAt());
    } catch (DateTimeParseException e) {
      throw InvalidInputException.invalid("/disclosedAt", "must be an instant, UTC");
    }
    Disclosure d =
        disclosures.record(
            new PatientId(patientId), at, in.recipient(), in.description(), in.purpose());
    return Response.status(Response.Status.CREATED).entity(write(d)).build();
  }

  @GET
  @AuditedAs(resource = ResourceType.DISCLOSURE, action = AuditAction.READ)
  @Operation(
      summary =
          "The accounting of disclosures, newest first, up to six years back (patient: own;"
              + " physician); paged")
  @APIResponse(
      responseCode = "200",
      description = "A page of disclosures; next is present when more exist",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Accounting")))
  public JsonObject accounting(
      @PathParam("patientId") String patientId,
      @QueryParam("since") String since,
      @BeanParam PageParams paging) {
    return PageJson.of(
        disclosures.accounting(new PatientId(patientId), date(since), paging.request()),
        DisclosureResource::write);
  }

  @GET
  @Path("/document")
  @Produces(PDF)
  @AuditedAs(resource = ResourceType.DISCLOSURE, action = AuditAction.EXPORT)
  @Operation(summary = "The accounting of the last six years as a PDF (patient: own; physician)")
  @APIResponse(
      responseCode = "200",
      description = "The PDF, as a download",
      content =
          @Content(mediaType = PDF, schema = @Schema(type = SchemaType.STRING, format = "binary")))
  public Response document(@PathParam("patientId") String patientId) {
    return Response.ok(disclosures.accountingDocument(new PatientId(patientId)), PDF)
        .header("Content-Disposition", "attachment; filename=\"accounting-of-disclosures.pdf\"")
        .build();
  }

  private static LocalDate date(String since) {
    if (since == null) {
      return null;
    }
    try {
      return LocalDate.parse(since);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          ErrorCode.ACCOUNTING_PERIOD, "since", "since must be a date (YYYY-MM-DD)");
    }
  }

  static JsonObject write(Disclosure d) {
    return JSON.createObjectBuilder()
        .add("id", d.id().value())
        .add("patientId", d.patient().value())
        .add("disclosedAt", d.disclosedAt().toString())
        .add("recipient", d.recipient())
        .add("description", d.description())
        .add("purpose", d.purpose())
        .add("source", d.source().name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .add("recordedBy", d.recordedBy())
        .build();
  }
}
