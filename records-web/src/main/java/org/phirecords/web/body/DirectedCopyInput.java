package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Text;

/**
 * Where the patient directs a copy of their record (164.524(c)(3)(ii); ADR 47): one plain e-mail
 * address ({@code PHR-400-78} otherwise). Never logged or echoed.
 */
public record DirectedCopyInput(
    @NotNull
        @Text(max = 254)
        @Schema(description = "the recipient's e-mail address", example = "new-doctor@example.org")
        String recipient) {
  @Override
  public String toString() {
    return "DirectedCopyInput[***]";
  }
}
