package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Text;

/** A patient's request to amend one of their entries (HIPAA 164.526). */
public record AmendmentRequestInput(
    @NotNull
        @Text(max = 22)
        @Schema(
            description = "the id of one of the patient's entries",
            example = "AAAAAAAAAAAAAAAAAAAAAA")
        String entryId,
    @NotNull @Text(max = 2000) @Schema(example = "The code is wrong.") String reason) {
  @Override
  public String toString() {
    return "AmendmentRequestInput[***]";
  }
}
