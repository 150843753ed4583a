package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Text;

/**
 * A disclosure made outside treatment, payment and operations, for the patient's accounting (HIPAA
 * 164.528; ADR 47). The texts name the recipient and what was disclosed: never logged or echoed.
 */
public record DisclosureInput(
    @NotNull
        @Pattern(regexp = MembershipInput.INSTANT, message = "must be an instant, UTC")
        @Schema(description = "when it was disclosed", example = "2026-11-20T09:30:00Z")
        String disclosedAt,
    @NotNull
        @Text(max = 500)
        @Schema(description = "who received it", example = "County public health department")
        String recipient,
    @NotNull
        @Text(max = 500)
        @Schema(description = "what was disclosed", example = "Immunization history")
        String description,
    @NotNull
        @Text(max = 500)
        @Schema(
            description = "the purpose or legal basis",
            example = "Required by law: state immunization registry")
        String purpose) {
  @Override
  public String toString() {
    return "DisclosureInput[***]";
  }
}
