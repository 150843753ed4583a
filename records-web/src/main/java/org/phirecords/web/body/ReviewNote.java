package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Text;

/** The privacy officer's note on a break-glass declaration flagged as inappropriate (ADR 28). */
public record ReviewNote(
    @NotNull @Text(max = 2000) @Schema(example = "Synthetic note: the patient was in scope.")
        String note) {
  @Override
  public String toString() {
    return "ReviewNote[***]";
  }
}
