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
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.model.FhirAnswer;
import org.phirecords.service.FhirImport;

/**
 * The FHIR import base ({@code POST /api/fhir}, ADR 37): a FHIR R4 {@code batch} or {@code
 * transaction} Bundle in, a response Bundle or an {@code OperationOutcome} out, both {@code
 * application/fhir+json}. The body is bounded by {@code records.import.max-bundle-bytes} and must
 * be UTF-8; everything else (JSON, FHIR R4, the references, the codes) the import checks and
 * answers in FHIR's terms. Not in the OpenAPI document yet: its answers to bad input are
 * OperationOutcomes, not the problem documents the attack suite expects of every documented
 * operation.
 */
@ApplicationScoped
@Path("/fhir")
public class FhirImportResource {
  @Inject FhirImport imports;
  @Inject RecordsConfig config;

  @POST
  @Consumes({ElectronicCopyResource.FHIR_JSON, MediaType.APPLICATION_JSON})
  @Produces(ElectronicCopyResource.FHIR_JSON)
  @AuditedAs(resource = ResourceType.IMPORT_JOB, action = AuditAction.CREATE)
  @Operation(hidden = true)
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
