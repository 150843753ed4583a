package org.phirecords.internal.fhirimport;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.phirecords.internal.fhir.FhirJson;
import org.phirecords.internal.fhir.FhirRefusals;
import org.phirecords.model.FhirAnswer;

/**
 * The FHIR answers of an import: an {@code OperationOutcome} for a refusal (the module's code in
 * {@code issue.details}, the entry in {@code issue.expression}, a diagnostic naming elements only),
 * and the {@code batch-response} or {@code transaction-response} Bundle with one entry per entry.
 */
final class FhirOutcomes {
  private FhirOutcomes() {}

  /** What became of one entry: a status line and a location, or a refusal. */
  record Result(int index, String status, String location, ImportRefusal refusal) {
    static Result created(int index, String location) {
      return new Result(index, "201 Created", location, null);
    }

    static Result present(int index, String location) {
      return new Result(index, "200 OK", location, null);
    }

    static Result refused(ImportRefusal refusal) {
      return new Result(refusal.entry(), "400 Bad Request", null, refusal);
    }
  }

  /** The refusal of the whole request, answered with its code's status. */
  static FhirAnswer refused(ImportRefusal r) {
    return new FhirAnswer(r.code().httpStatus(), FhirJson.compact(outcome(r)));
  }

  static OperationOutcome outcome(ImportRefusal r) {
    OperationOutcome o = FhirRefusals.outcome(r.code(), r.getMessage());
    if (r.entry() >= 0) {
      o.getIssueFirstRep().addExpression("Bundle.entry[" + r.entry() + "]");
    }
    return o;
  }

  /** The response Bundle of a {@code batch} or {@code transaction} with {@code results}. */
  static FhirAnswer response(boolean transaction, List<Result> results) {
    Bundle bundle =
        new Bundle()
            .setType(
                transaction
                    ? Bundle.BundleType.TRANSACTIONRESPONSE
                    : Bundle.BundleType.BATCHRESPONSE);
    for (Result r : results) {
      var response = bundle.addEntry().getResponse().setStatus(r.status());
      if (r.location() != null) {
        response.setLocation(r.location());
      }
      if (r.refusal() != null) {
        response.setOutcome(outcome(r.refusal()));
      }
    }
    return new FhirAnswer(200, FhirJson.compact(bundle));
  }
}
