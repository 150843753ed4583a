package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Text;

/** A patient's statement of disagreement with a denial. */
public record StatementInput(
    @NotNull @Text(max = 2000) @Schema(example = "Synthetic statement of disagreement.")
        String statement) {
  @Override
  public String toString() {
    return "StatementInput[***]";
  }
}
