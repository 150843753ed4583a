package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.BulkImportFile;
import org.phirecords.model.BulkImportId;
import org.phirecords.model.BulkImportStatus;
import org.phirecords.service.BulkImport;
import org.phirecords.web.body.ImportJobInput;

/**
 * Bulk NDJSON import jobs (ADR 40): create a job naming its files, upload each file in numbered
 * chunks (re-send those the status does not list), start, poll, cancel. Only the job's creator
 * reaches it; anyone else gets 404. Status bodies hold ids, counts, line numbers and codes only.
 */
@ApplicationScoped
@Path("/import-jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "bulk import", description = "Bulk NDJSON import jobs: create, upload, start, status")
public class BulkImportResource {
  /** The largest chunk body read (the module's own limit, chunk-bytes, is checked after). */
  private static final int MAX_CHUNK = 8 << 20;

  @Inject BulkImport imports;
  @Inject RecordsConfig config;
  @Context UriInfo uri;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.IMPORT_JOB, action = AuditAction.CREATE)
  @Operation(operationId = "bulkImportCreate", summary = "Create a bulk import job: its files")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ImportJobInput")))
  @APIResponse(
      responseCode = "201",
      description = "Created; upload its chunks",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ImportJob")))
  public Response create(InputStream body) {
    ImportJobInput in = Bodies.read(body, config.maxBodyBytes(), ImportJobInput.class);
    BulkImportStatus job =
        imports.create(
            in.files().stream().map(f -> new BulkImportFile(f.type(), f.chunks())).toList());
    return Response.created(uri.getAbsolutePathBuilder().path(job.id().value()).build())
        .entity(write(job))
        .build();
  }

  @PUT
  @Path("{jobId}/files/{file}/chunks/{chunk}")
  @AuditedAs(resource = ResourceType.IMPORT_JOB, action = AuditAction.CREATE)
  @Operation(
      operationId = "bulkImportUpload",
      summary = "Upload (or re-send) chunk k of file n: whole NDJSON lines")
  @APIResponse(
      responseCode = "200",
      description = "Stored; the job's status",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ImportJob")))
  @APIResponse(
      responseCode = "413",
      description = "The chunk is too large (PHR-413-04)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject upload(
      @PathParam("jobId") String id,
      @PathParam("file") int file,
      @PathParam("chunk") int chunk,
      InputStream body)
      throws IOException {
    byte[] bytes = body.readNBytes(MAX_CHUNK + 1);
    if (bytes.length > MAX_CHUNK) {
      throw new RecordsException(ErrorCode.BULK_IMPORT_CHUNK_TOO_LARGE);
    }
    try {
      // As every body: bytes that are not UTF-8 are refused before anything is looked up.
      java.nio.charset.StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new org.phirecords.error.InvalidInputException(
          ErrorCode.MALFORMED_JSON, "body", "not UTF-8 NDJSON");
    }
    return write(imports.upload(new BulkImportId(id), file, chunk, bytes));
  }

  @POST
  @Path("{jobId}/start")
  @AuditedAs(resource = ResourceType.IMPORT_JOB, action = AuditAction.CREATE)
  @Operation(operationId = "bulkImportStart", summary = "Start a job whose chunks all arrived")
  @APIResponse(
      responseCode = "202",
      description = "Started; poll its status",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ImportJob")))
  @APIResponse(
      responseCode = "409",
      description = "PHR-409-26 not before its start; PHR-409-27 chunks missing",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response start(@PathParam("jobId") String id) {
    return Response.accepted(write(imports.start(new BulkImportId(id)))).build();
  }

  @GET
  @Path("{jobId}")
  @AuditedAs(resource = ResourceType.IMPORT_JOB, action = AuditAction.CREATE)
  @Operation(operationId = "bulkImportStatus", summary = "Where a job stands")
  @APIResponse(
      responseCode = "200",
      description = "State, per file chunks received and lines done or failed, refused lines",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ImportJob")))
  @APIResponse(
      responseCode = "404",
      description = "No such job of this caller (PHR-404-07)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject status(@PathParam("jobId") String id) {
    return write(imports.status(new BulkImportId(id)));
  }

  @DELETE
  @Path("{jobId}")
  @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
  @AuditedAs(resource = ResourceType.IMPORT_JOB, action = AuditAction.DELETE)
  @Operation(operationId = "bulkImportCancel", summary = "Cancel a job; its chunks are removed")
  @APIResponse(
      responseCode = "200",
      description = "Cancelled",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "ImportJob")))
  public JsonObject cancel(@PathParam("jobId") String id) {
    return write(imports.cancel(new BulkImportId(id)));
  }

  static JsonObject write(BulkImportStatus s) {
    JsonArrayBuilder files = JSON.createArrayBuilder();
    for (BulkImportStatus.FileProgress f : s.files()) {
      JsonArrayBuilder received = JSON.createArrayBuilder();
      f.received().forEach(received::add);
      files.add(
          JSON.createObjectBuilder()
              .add("type", f.type())
              .add("chunks", f.chunks())
              .add("received", received)
              .add("chunksDone", f.chunksDone())
              .add("linesDone", f.linesDone())
              .add("linesFailed", f.linesFailed()));
    }
    JsonArrayBuilder errors = JSON.createArrayBuilder();
    s.errors()
        .forEach(
            e ->
                errors.add(
                    JSON.createObjectBuilder()
                        .add("file", e.file())
                        .add("line", e.line())
                        .add("code", e.code())));
    return JSON.createObjectBuilder()
        .add("id", s.id().value())
        .add("state", s.state())
        .add("files", files)
        .add("errors", errors)
        .add("failedLines", s.failedLines())
        .build();
  }
}
