package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.model.ExportFile;
import org.phirecords.model.ExportId;
import org.phirecords.model.ExportOutput;
import org.phirecords.model.ExportRequest;
import org.phirecords.model.ExportState;
import org.phirecords.model.ExportStatus;
import org.phirecords.model.OrganisationId;
import org.phirecords.service.BulkExport;

/**
 * FHIR Bulk Data export (the HL7 Bulk Data Access IG's flow, ADR 38): kick-off at the system level
 * (every patient in the caller's reach) or for a group (an organisation's members), a status URL
 * polled until the manifest, NDJSON files per resource type, DELETE to cancel. Only the client that
 * asked reaches the status and the files.
 */
@ApplicationScoped
@Path("/fhir")
@Tag(name = "bulk export", description = "FHIR Bulk Data export: kick-off, status, files")
public class BulkExportResource {
  /** The NDJSON media type of the files. */
  public static final String NDJSON = BulkExport.NDJSON;

  private static final Set<String> PARAMETERS = Set.of("_outputFormat", "_since", "_type");

  @Inject BulkExport exports;

  @Context UriInfo uri;

  @GET
  @Path("$export")
  @AuditedAs(resource = ResourceType.BULK_EXPORT, action = AuditAction.EXPORT)
  @Operation(
      operationId = "bulkExportKickOff",
      summary =
          "Start a bulk export of every patient in the caller's reach (physician, or a system"
              + " client with system/*.r)")
  @APIResponse(
      responseCode = "202",
      description = "Started; poll the Content-Location URL",
      headers = @Header(name = "Content-Location", description = "The status URL"))
  @APIResponse(
      responseCode = "429",
      description = "The client runs as many exports as allowed (PHR-429-03)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response system(
      @Parameter(description = "respond-async (required)") @HeaderParam("Prefer") String prefer,
      @Parameter(description = "application/fhir+ndjson (the default)") @QueryParam("_outputFormat")
          String format,
      @Parameter(description = "Only resources changed after this FHIR instant")
          @QueryParam("_since")
          String since,
      @Parameter(description = "Comma-separated resource types (default: all)") @QueryParam("_type")
          List<String> types) {
    return kickOff(Optional.empty(), prefer, format, since, types);
  }

  @GET
  @Path("Group/{groupId}/$export")
  @AuditedAs(resource = ResourceType.BULK_EXPORT, action = AuditAction.EXPORT)
  @Operation(
      operationId = "bulkExportGroupKickOff",
      summary =
          "Start a bulk export of a group: the members of an organisation and those below it, in"
              + " the caller's reach")
  @APIResponse(
      responseCode = "202",
      description = "Started; poll the Content-Location URL",
      headers = @Header(name = "Content-Location", description = "The status URL"))
  @APIResponse(
      responseCode = "404",
      description = "No such organisation in the tenant or the caller's reach (PHR-404-06)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "429",
      description = "The client runs as many exports as allowed (PHR-429-03)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response group(
      @PathParam("groupId") String groupId,
      @Parameter(description = "respond-async (required)") @HeaderParam("Prefer") String prefer,
      @Parameter(description = "application/fhir+ndjson (the default)") @QueryParam("_outputFormat")
          String format,
      @Parameter(description = "Only resources changed after this FHIR instant")
          @QueryParam("_since")
          String since,
      @Parameter(description = "Comma-separated resource types (default: all)") @QueryParam("_type")
          List<String> types) {
    return kickOff(Optional.of(new OrganisationId(groupId)), prefer, format, since, types);
  }

  private Response kickOff(
      Optional<OrganisationId> group,
      String prefer,
      String format,
      String since,
      List<String> types) {
    for (String name : uri.getQueryParameters().keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw new InvalidInputException(ErrorCode.EXPORT_PARAMETER, "query", "not supported");
      }
    }
    if (prefer == null || !prefer.toLowerCase(Locale.ROOT).contains("respond-async")) {
      throw new InvalidInputException(ErrorCode.EXPORT_ASYNC_REQUIRED, "Prefer", "required");
    }
    ExportStatus started =
        exports.kickOff(
            new ExportRequest(
                group, types(types), since(since), format, uri.getRequestUri().toString()));
    return Response.accepted().header("Content-Location", statusUrl(started.id())).build();
  }

  private static Set<String> types(List<String> values) {
    Set<String> types = new LinkedHashSet<>();
    for (String value : values == null ? List.<String>of() : values) {
      for (String type : value.split(",", -1)) {
        if (!BulkExport.TYPES.contains(type.trim())) {
          throw new InvalidInputException(ErrorCode.EXPORT_TYPE, "_type", "not exported");
        }
        types.add(type.trim());
      }
    }
    return types;
  }

  private static Optional<Instant> since(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME))
          .map(OffsetDateTime::toInstant);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(ErrorCode.EXPORT_SINCE, "_since", "not a FHIR instant");
    }
  }

  private String statusUrl(ExportId id) {
    return uri.getBaseUriBuilder()
        .path("fhir")
        .path("$export-status")
        .path(id.value())
        .build()
        .toString();
  }

  @GET
  @Path("$export-status/{exportId}")
  @Produces("application/json")
  @AuditedAs(resource = ResourceType.BULK_EXPORT, action = AuditAction.EXPORT)
  @Operation(
      operationId = "bulkExportStatus",
      summary = "Where an export stands: 202 while running, 200 with the manifest when done")
  @APIResponse(
      responseCode = "200",
      description = "The manifest: one NDJSON file per resource type with resources",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ExportManifest")))
  @APIResponse(
      responseCode = "202",
      description = "Still running",
      headers = @Header(name = "X-Progress", description = "Percent of the patients written"))
  @APIResponse(
      responseCode = "404",
      description = "No such export of this client, or deleted (PHR-404-05)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "410",
      description = "Its files expired (PHR-410-05)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response status(@PathParam("exportId") String exportId) {
    ExportStatus status = exports.status(new ExportId(exportId));
    if (status.state() == ExportState.RUNNING) {
      return Response.accepted()
          .header("X-Progress", status.progress() + "% of the patients written")
          .header("Retry-After", "2")
          .build();
    }
    if (status.state() == ExportState.FAILED) {
      JsonArrayBuilder issues = JSON.createArrayBuilder();
      status
          .errors()
          .forEach(
              e ->
                  issues.add(
                      JSON.createObjectBuilder()
                          .add("severity", "error")
                          .add("code", "exception")
                          .add("diagnostics", e)));
      return Response.serverError()
          .type("application/fhir+json")
          .entity(
              JSON.createObjectBuilder()
                  .add("resourceType", "OperationOutcome")
                  .add("issue", issues)
                  .build())
          .build();
    }
    JsonArrayBuilder output = JSON.createArrayBuilder();
    for (ExportOutput o : status.output()) {
      output.add(
          JSON.createObjectBuilder()
              .add("type", o.type())
              .add("url", fileUrl(status.id(), o.type()))
              .add("count", o.count()));
    }
    return Response.ok(
            JSON.createObjectBuilder()
                .add("transactionTime", status.transactionTime().toString())
                .add("request", status.request())
                .add("requiresAccessToken", true)
                .add("output", output)
                .add("error", JSON.createArrayBuilder())
                .build(),
            "application/json")
        .header(
            "Expires",
            DateTimeFormatter.RFC_1123_DATE_TIME.format(
                status.expiresAt().atOffset(java.time.ZoneOffset.UTC)))
        .build();
  }

  private String fileUrl(ExportId id, String type) {
    return uri.getBaseUriBuilder()
        .path("fhir")
        .path("$export-file")
        .path(id.value())
        .path(type + ".ndjson")
        .build()
        .toString();
  }

  @DELETE
  @Path("$export-status/{exportId}")
  @AuditedAs(resource = ResourceType.BULK_EXPORT, action = AuditAction.DELETE)
  @Operation(operationId = "bulkExportDelete", summary = "Cancel an export, or remove its files")
  @APIResponse(responseCode = "202", description = "Cancelled; its files are removed")
  @APIResponse(
      responseCode = "404",
      description = "No such export of this client, or deleted (PHR-404-05)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response delete(@PathParam("exportId") String exportId) {
    exports.delete(new ExportId(exportId));
    return Response.accepted().build();
  }

  @GET
  @Path("$export-file/{exportId}/{file}")
  @Produces(NDJSON)
  @AuditedAs(resource = ResourceType.BULK_EXPORT, action = AuditAction.EXPORT)
  @Operation(
      operationId = "bulkExportFile",
      summary = "One file of a completed export: a resource per line")
  @APIResponse(
      responseCode = "200",
      description = "The file",
      content = @Content(mediaType = NDJSON, schema = @Schema(type = SchemaType.STRING)))
  @APIResponse(
      responseCode = "404",
      description = "No such export or file of this client (PHR-404-05)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "410",
      description = "The file expired (PHR-410-05)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response file(@PathParam("exportId") String exportId, @PathParam("file") String file) {
    ExportId id = new ExportId(exportId);
    String type = file.endsWith(".ndjson") ? file.substring(0, file.length() - 7) : "";
    if (!BulkExport.TYPES.contains(type)) {
      throw new RecordsException(ErrorCode.EXPORT_NOT_FOUND);
    }
    ExportFile export = exports.file(id, type);
    StreamingOutput body =
        (OutputStream out) -> {
          for (String part : export.parts()) {
            out.write(part.getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
        };
    return Response.ok(body, NDJSON)
        .header("Content-Disposition", "attachment; filename=\"" + type + ".ndjson\"")
        .build();
  }
}
