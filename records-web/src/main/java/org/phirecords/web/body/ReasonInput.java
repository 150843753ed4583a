package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Text;

/** A physician's written reason: a denial, an extension. */
public record ReasonInput(
    @NotNull @Text(max = 2000) @Schema(example = "Synthetic reason.") String reason) {
  @Override
  public String toString() {
    return "ReasonInput[***]";
  }
}
