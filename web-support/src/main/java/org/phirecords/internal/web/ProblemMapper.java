package org.phirecords.internal.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.MergedRecordException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.fhir.FhirRefusals;

/**
 * Turns every failure into RFC 9457 problem+json with a stable code, never a stack trace (an
 * operation marked {@link FhirAnswers} gets its bad-input refusals as an OperationOutcome).
 * Refusals decided here, before any service ran (bad input, no token), are audited here; services
 * audit their own outcomes. If that audit fails, the answer is 503.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {
  private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

  /** Codes raised by the HTTP layer itself, which no service has audited. */
  private static final Set<ErrorCode> HTTP_LAYER =
      Set.of(
          ErrorCode.MALFORMED_JSON,
          ErrorCode.UNKNOWN_FIELD,
          ErrorCode.INVALID_FIELD,
          ErrorCode.MISSING_FIELD,
          ErrorCode.INVALID_ID,
          ErrorCode.OPERATOR_INPUT,
          ErrorCode.INVALID_PARAMETER,
          ErrorCode.BODY_TOO_LARGE,
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          ErrorCode.PRECONDITION_REQUIRED);

  /** Failures after authorization that no service could audit itself. */
  private static final Set<ErrorCode> SERVER_FAILURES =
      Set.of(
          ErrorCode.INTERNAL,
          ErrorCode.STORE_UNAVAILABLE,
          ErrorCode.DATA_DESTROYED,
          ErrorCode.KEY_MANAGEMENT_UNAVAILABLE);

  @Context ResourceInfo resource;
  @Context Request request;
  @Inject RejectionAudit audit;

  @Override
  public Response toResponse(Throwable error) {
    RecordsException problem = classify(error);
    ErrorCode code = problem.errorCode();
    if (HTTP_LAYER.contains(code) || SERVER_FAILURES.contains(code)) {
      try {
        audit.rejected(
            resource,
            request.getMethod(),
            HTTP_LAYER.contains(code) ? AuditOutcome.INVALID : AuditOutcome.ERROR);
      } catch (RuntimeException auditFailed) {
        return Problems.response(ErrorCode.AUDIT_UNAVAILABLE, null, null);
      }
    }
    if (HTTP_LAYER.contains(code) && answersInFhir()) {
      return Response.status(code.httpStatus())
          .type(FhirRefusals.MEDIA_TYPE)
          .entity(FhirRefusals.json(code, problem.getMessage()))
          .build();
    }
    if (code == ErrorCode.INTEGRITY) {
      LOG.log(Level.SEVERE, "integrity check failed:\n{0}", SafeLog.describe(error));
    }
    String field = problem instanceof InvalidInputException in ? in.field() : null;
    String detail = problem.getMessage();
    if (code == ErrorCode.INTERNAL) {
      String incident = UUID.randomUUID().toString();
      LOG.log(
          Level.SEVERE,
          "unexpected error, incident {0}:\n{1}",
          new Object[] {
            new org.phirecords.internal.logging.Incident(incident), SafeLog.describe(error)
          });
      detail = "Incident " + incident + " was logged.";
    } else if (code.httpStatus() == 503) {
      LOG.log(Level.WARNING, "{0}: {1}", new Object[] {code.code(), SafeLog.describe(error)});
    }
    if (problem instanceof MergedRecordException merged) {
      // The survivor's opaque id, as FHIR's Patient.link replaced-by (ADR 36).
      return Response.status(code.httpStatus())
          .type(Problems.MEDIA_TYPE)
          .entity(
              org.phirecords.internal.json.Jsons.JSON
                  .createObjectBuilder(Problems.body(code, detail, null))
                  .add("survivor", merged.survivor())
                  .build()
                  .toString())
          .build();
    }
    return Problems.response(code, detail, field);
  }

  /**
   * Whether the matched resource method answers bad input in FHIR's terms ({@link FhirAnswers}).
   */
  private boolean answersInFhir() {
    return resource != null
        && resource.getResourceMethod() != null
        && resource.getResourceMethod().isAnnotationPresent(FhirAnswers.class);
  }

  private static RecordsException classify(Throwable error) {
    if (error instanceof RecordsException known) {
      return known;
    }
    if (error instanceof NotAuthorizedException) {
      return new RecordsException(ErrorCode.UNAUTHENTICATED);
    }
    if (error instanceof NotFoundException) {
      return new RecordsException(ErrorCode.NOT_FOUND);
    }
    if (error instanceof NotAllowedException) {
      return new RecordsException(ErrorCode.METHOD_NOT_ALLOWED);
    }
    if (error instanceof NotSupportedException) {
      return new RecordsException(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    }
    if (error instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
      return new RecordsException(ErrorCode.INVALID_PARAMETER);
    }
    return new RecordsException(ErrorCode.INTERNAL, ErrorCode.INTERNAL.title(), error);
  }
}
