package org.phirecords.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
import org.phirecords.internal.web.FhirAnswers;
import org.phirecords.model.FhirAnswer;
import org.phirecords.service.FhirImport;

/**
 * The FHIR import base ({@code POST /api/fhir}, ADR 37): a FHIR R4 {@code batch} or {@code
 * transaction} Bundle in, a response Bundle or an {@code OperationOutcome} out, both {@code
 * application/fhir+json}. The body is bounded by {@code records.import.max-bundle-bytes} and must
 * be UTF-8; everything else (JSON, FHIR R4, the references, the codes) the import checks. Every
 * refusal of its input (400, 409, 413) is an {@code OperationOutcome} with the module's code
 * ({@link FhirAnswers}); a missing or bad token, a missing permission and too many failed
 * authentications answer the module's problem+json, as on every operation.
 */
@ApplicationScoped
@Path("/fhir")
@Tag(name = "FHIR import", description = "FHIR R4 batch and transaction Bundles in (ADR 37)")
public class FhirImportResource {
  @Inject FhirImport imports;
  @Inject RecordsConfig config;

  @POST
  @Consumes({ElectronicCopyResource.FHIR_JSON, MediaType.APPLICATION_JSON})
  @Produces(ElectronicCopyResource.FHIR_JSON)
  @AuditedAs(resource = ResourceType.IMPORT_JOB, action = AuditAction.CREATE)
  @FhirAnswers
  @Operation(
      operationId = "fhirImport",
      summary =
          "Import a FHIR R4 batch or transaction Bundle of Patient, Encounter, Condition,"
              + " Observation, Procedure and DocumentReference (physician); idempotent by MRN and"
              + " source identifier")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = ElectronicCopyResource.FHIR_JSON,
              schema = @Schema(ref = "FhirBundle")))
  @APIResponse(
      responseCode = "200",
      description =
          "The batch-response or transaction-response Bundle: per entry 201 Created, 200 OK"
              + " (already present) or, in a batch, 400 with an OperationOutcome",
      content =
          @Content(
              mediaType = ElectronicCopyResource.FHIR_JSON,
              schema = @Schema(ref = "FhirResponseBundle")))
  @APIResponse(
      responseCode = "400",
      description =
          "Refused, nothing stored: not UTF-8 (PHR-400-01), invalid FHIR (PHR-400-20), unresolved"
              + " patient reference (-21), unsupported resource type (-22), invalid code (-23),"
              + " another tenant's MRN system (-24), not a batch or transaction (-25)",
      content =
          @Content(
              mediaType = ElectronicCopyResource.FHIR_JSON,
              schema = @Schema(ref = "OperationOutcome")))
  @APIResponse(
      responseCode = "409",
      description = "The transaction was rolled back, nothing of it kept (PHR-409-25)",
      content =
          @Content(
              mediaType = ElectronicCopyResource.FHIR_JSON,
              schema = @Schema(ref = "OperationOutcome")))
  @APIResponse(
      responseCode = "413",
      description =
          "Over records.import.max-bundle-bytes (PHR-413-01) or max-bundle-entries (PHR-413-03)",
      content =
          @Content(
              mediaType = ElectronicCopyResource.FHIR_JSON,
              schema = @Schema(ref = "OperationOutcome")))
  public Response importBundle(InputStream body) {
    FhirAnswer answer = imports.importBundle(text(body, config.maxBundleBytes()));
    return Response.status(answer.status())
        .entity(answer.body())
        .type(ElectronicCopyResource.FHIR_JSON)
        .build();
  }

  private static String text(InputStream body, int max) {
    byte[] bytes;
    try {
      bytes = body == null ? new byte[0] : body.readNBytes(max + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (bytes.length > max) {
      throw new RecordsException(ErrorCode.BODY_TOO_LARGE);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(
          ErrorCode.MALFORMED_JSON, "", "The request body is not valid UTF-8.");
    }
  }
}
