package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.DatasetFile;
import org.phirecords.model.DatasetRequest;
import org.phirecords.model.DatasetStatus;
import org.phirecords.model.EntryType;
import org.phirecords.model.ExportFile;
import org.phirecords.model.ExportId;
import org.phirecords.service.Datasets;
import org.phirecords.web.body.DatasetInput;

/**
 * Safe Harbor de-identified datasets (ADR 44): create one (analyst), poll it, download each file
 * once, cancel it. Only the analyst who asked reaches it.
 */
@ApplicationScoped
@Path("/analytics/datasets")
@Tag(name = "analytics", description = "Counts on the de-identified projection (analyst)")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {
  private static final String CSV = "text/csv";
  private static final String NDJSON = "application/x-ndjson";

  @Inject Datasets datasets;
  @Inject RecordsConfig config;
  @Context UriInfo uri;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.ANALYTICS_DATASET, action = AuditAction.EXPORT)
  @Operation(
      operationId = "datasetCreate",
      summary =
          "Start building a Safe Harbor de-identified dataset of the patients in reach (analyst):"
              + " generalised values and research ids only")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "DatasetInput")))
  @APIResponse(
      responseCode = "202",
      description = "Started; poll the Location URL",
      headers = @Header(name = "Location", description = "The dataset's status URL"),
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "DatasetStatus")))
  @APIResponse(
      responseCode = "409",
      description = "The caller builds as many datasets as allowed (PHR-409-31)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response create(InputStream body) {
    DatasetInput in = Bodies.read(body, config.maxBodyBytes(), DatasetInput.class);
    DatasetStatus status =
        datasets.create(
            new DatasetRequest(
                in.format(),
                LocalDate.parse(in.from()),
                LocalDate.parse(in.to()),
                types(in),
                Boolean.TRUE.equals(in.relinkable())));
    return Response.accepted(write(status))
        .header("Location", url(status.id(), null))
        .type(MediaType.APPLICATION_JSON)
        .build();
  }

  private static Set<EntryType> types(DatasetInput in) {
    Set<EntryType> types = new LinkedHashSet<>();
    for (String t : in.entryTypes() == null ? List.<String>of() : in.entryTypes()) {
      try {
        types.add(EntryType.valueOf(t.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(ErrorCode.DATASET_TYPE, "/entryTypes", "no such type");
      }
    }
    return types;
  }

  @GET
  @Path("{datasetId}")
  @AuditedAs(resource = ResourceType.ANALYTICS_DATASET, action = AuditAction.EXPORT)
  @Operation(operationId = "datasetStatus", summary = "Where a dataset stands, and its files")
  @APIResponse(
      responseCode = "200",
      description = "Its state, progress and (completed) files",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "DatasetStatus")))
  @APIResponse(
      responseCode = "404",
      description = "No such dataset of this caller, or cancelled (PHR-404-10)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "410",
      description = "The dataset expired (PHR-410-07)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject status(@PathParam("datasetId") String datasetId) {
    return write(datasets.status(new ExportId(datasetId)));
  }

  @GET
  @Path("{datasetId}/files/{name}")
  @Produces({NDJSON, CSV})
  @AuditedAs(resource = ResourceType.ANALYTICS_DATASET, action = AuditAction.EXPORT)
  @Operation(
      operationId = "datasetFile",
      summary = "Download a file of a completed dataset (patients or entries), once")
  @APIResponse(
      responseCode = "200",
      description = "The file: NDJSON or CSV with a header line",
      content = {
        @Content(mediaType = NDJSON, schema = @Schema(type = SchemaType.STRING)),
        @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING))
      })
  @APIResponse(
      responseCode = "404",
      description = "No such dataset or file of this caller (PHR-404-10)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "Not completed yet (PHR-409-30)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "410",
      description = "Already downloaded, or expired (PHR-410-07)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response file(@PathParam("datasetId") String datasetId, @PathParam("name") String name) {
    if (!Datasets.FILES.contains(name)) {
      throw new RecordsException(ErrorCode.DATASET_FILE);
    }
    ExportId id = new ExportId(datasetId);
    String format = datasets.status(id).format();
    ExportFile file = datasets.download(id, name);
    StreamingOutput body =
        (OutputStream out) -> {
          for (String part : file.parts()) {
            out.write(part.getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
        };
    boolean csv = "csv".equals(format);
    return Response.ok(body, csv ? CSV + "; charset=utf-8" : NDJSON)
        .header(
            "Content-Disposition",
            "attachment; filename=\"" + name + (csv ? ".csv" : ".ndjson") + "\"")
        .build();
  }

  @DELETE
  @Path("{datasetId}")
  @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
  @AuditedAs(resource = ResourceType.ANALYTICS_DATASET, action = AuditAction.DELETE)
  @Operation(
      operationId = "datasetCancel",
      summary = "Cancel a dataset, or remove its files and key")
  @APIResponse(responseCode = "204", description = "Cancelled; files and key removed")
  @APIResponse(
      responseCode = "404",
      description = "No such dataset of this caller (PHR-404-10)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response cancel(@PathParam("datasetId") String datasetId) {
    datasets.cancel(new ExportId(datasetId));
    return Response.noContent().build();
  }

  private String url(ExportId id, String file) {
    var b = uri.getBaseUriBuilder().path("analytics").path("datasets").path(id.value());
    return (file == null ? b : b.path("files").path(file)).build().toString();
  }

  private JsonObject write(DatasetStatus s) {
    JsonArrayBuilder files = JSON.createArrayBuilder();
    for (DatasetFile f : s.files()) {
      files.add(
          JSON.createObjectBuilder()
              .add("name", f.name())
              .add("url", url(s.id(), f.name()))
              .add("count", f.count())
              .add("downloaded", f.downloaded()));
    }
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("id", s.id().value())
            .add("state", s.state().name())
            .add("format", s.format())
            .add("createdAt", s.createdAt().toString())
            .add("progress", s.progress())
            .add("files", files)
            .add("errors", JSON.createArrayBuilder(s.errors()));
    if (s.expiresAt() != null) {
      b.add("expiresAt", s.expiresAt().toString());
    }
    return b.build();
  }
}
