package org.phirecords.web.body;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Codes;
import org.phirecords.internal.web.body.OneOf;
import org.phirecords.internal.web.body.Text;
import org.phirecords.model.EmergencyReason;

/**
 * A break-glass declaration (ADR 28): a coded reason, the declarer's justification (free text,
 * stored encrypted, never logged or echoed in errors) and how long, within the tenant's bounds. A
 * missing or invalid reason or justification is {@code PHR-400-13}.
 */
public record EmergencyDeclarationInput(
    @NotNull(payload = Codes.Emergency.class)
        @OneOf(
            names = EmergencyReason.class,
            message = "unknown reason",
            payload = Codes.Emergency.class)
        @Schema(example = "UNCONSCIOUS_PATIENT")
        String reason,
    @NotNull(payload = Codes.Emergency.class)
        @Text(max = 2000, payload = Codes.Emergency.class)
        @Schema(example = "Unresponsive on arrival; no one at the care organisation answers.")
        String justification,
    @Min(5)
        @Max(1440)
        @Schema(description = "how long; absent: the tenant's default", example = "60")
        Integer minutes) {
  @Override
  public String toString() {
    return "EmergencyDeclarationInput[reason=" + reason + ", ***]";
  }
}
