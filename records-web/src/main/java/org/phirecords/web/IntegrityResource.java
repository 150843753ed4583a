package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.model.IntegrityFinding;
import org.phirecords.model.IntegrityReport;
import org.phirecords.service.RecordIntegrity;

/**
 * The integrity pass over the caller's tenant's stored records, for privacy officers (ADR 23). The
 * report names records by id only, never PHI.
 */
@ApplicationScoped
@Path("/integrity")
@Tag(name = "integrity", description = "Records changed at rest (privacy officers)")
@Produces(MediaType.APPLICATION_JSON)
public class IntegrityResource {
  /** Findings listed when the request names no maximum. */
  static final int DEFAULT_MAX = 100;

  @Inject RecordIntegrity integrity;

  @GET
  @AuditedAs(resource = ResourceType.RECORD_INTEGRITY, action = AuditAction.READ)
  @Operation(
      summary =
          "Compare every stored identity record and clinical entry version of the tenant with its"
              + " keyed digest and its write's audit event; list the records changed at rest")
  @APIResponse(
      responseCode = "200",
      description = "The report: counts over the whole pass, at most max findings",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "IntegrityReport")))
  public JsonObject check(
      @Parameter(description = "The most findings to list, 1 to 1000 (default 100)")
          @QueryParam("max")
          String max) {
    return write(integrity.check(max(max)));
  }

  private static int max(String value) {
    if (value == null) {
      return DEFAULT_MAX;
    }
    try {
      return Integer.parseInt(AuditResource.bounded("max", value));
    } catch (NumberFormatException e) {
      throw new InvalidInputException(ErrorCode.INVALID_PARAMETER, "max", "max is not valid.");
    }
  }

  static JsonObject write(IntegrityReport report) {
    JsonObjectBuilder counts = JSON.createObjectBuilder();
    report.counts().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> counts.add(e.getKey().name(), e.getValue()));
    JsonArrayBuilder findings = JSON.createArrayBuilder();
    for (IntegrityFinding f : report.findings()) {
      findings.add(
          JSON.createObjectBuilder()
              .add("collection", f.collection())
              .add("recordId", f.recordId())
              .add("version", f.version())
              .add("kind", f.kind().name()));
    }
    return JSON.createObjectBuilder()
        .add("tenant", report.tenant().value())
        .add("checkedAt", report.checkedAt().toString())
        .add("checked", report.checked())
        .add("changed", report.changed())
        .add("counts", counts)
        .add("findings", findings)
        .add("truncated", report.truncated())
        .build();
  }
}
