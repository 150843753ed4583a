package org.phirecords.internal.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.phirecords.error.ErrorCode;

/**
 * A refusal in FHIR's terms: an {@code OperationOutcome} whose one issue carries the module's code
 * in {@code issue.details} (system {@link FhirSystems#ERROR_CODE}), so a FHIR client and the
 * module's problem documents name the same stable code (ADR 37). The diagnostics name elements
 * only, never values.
 */
public final class FhirRefusals {
  /** The media type of FHIR answers. */
  public static final String MEDIA_TYPE = "application/fhir+json";

  private FhirRefusals() {}

  /** The outcome refusing with {@code code}; {@code diagnostics} PHI-free (or null). */
  public static OperationOutcome outcome(ErrorCode code, String diagnostics) {
    OperationOutcome o = new OperationOutcome();
    var issue =
        o.addIssue()
            .setSeverity(OperationOutcome.IssueSeverity.ERROR)
            .setCode(type(code))
            .setDiagnostics(diagnostics);
    issue
        .getDetails()
        .addCoding()
        .setSystem(FhirSystems.ERROR_CODE)
        .setCode(code.code())
        .setDisplay(code.title());
    return o;
  }

  /** {@link #outcome} as FHIR JSON on one line. */
  public static String json(ErrorCode code, String diagnostics) {
    return FhirJson.compact(outcome(code, diagnostics));
  }

  private static OperationOutcome.IssueType type(ErrorCode code) {
    return switch (code) {
      case FHIR_UNSUPPORTED_RESOURCE, FHIR_BUNDLE_TYPE -> OperationOutcome.IssueType.NOTSUPPORTED;
      case FHIR_INVALID_CODE -> OperationOutcome.IssueType.CODEINVALID;
      case FHIR_BAD_REFERENCE -> OperationOutcome.IssueType.NOTFOUND;
      case FHIR_FOREIGN_IDENTIFIER -> OperationOutcome.IssueType.SECURITY;
      case FHIR_BUNDLE_TOO_LARGE, BODY_TOO_LARGE -> OperationOutcome.IssueType.TOOLONG;
      case IMPORT_ROLLED_BACK -> OperationOutcome.IssueType.CONFLICT;
      default -> OperationOutcome.IssueType.INVALID;
    };
  }
}
