package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Codes;

/**
 * A patient's membership of an organisation to add (ADR 25): coverage under an insurer's client,
 * registration at a facility. The member id identifies the patient: never logged or echoed.
 */
public record MembershipInput(
    @NotNull
        @Pattern(
            regexp = "[a-z0-9][a-z0-9-]{1,62}",
            message = "must be an organisation id",
            payload = Codes.InvalidId.class)
        @Schema(example = "client-acme")
        String organisation,
    @NotNull
        @Pattern(regexp = MembershipInput.INSTANT, message = "must be an instant, UTC")
        @Schema(description = "the first instant of the period", example = "2026-01-01T00:00:00Z")
        String start,
    @Pattern(regexp = MembershipInput.INSTANT, message = "must be an instant, UTC")
        @Schema(
            description = "the first instant after the period; absent while open",
            example = "2027-01-01T00:00:00Z")
        String end,
    @Pattern(regexp = "[A-Za-z0-9./-]{1,64}", message = "must be 1 to 64 letters, digits or . / -")
        @Schema(description = "the insurer's member id, if any", example = "XZQ-778812")
        String memberId) {
  /** An instant in UTC, {@code 2026-01-01T00:00:00Z}, optionally with a fraction of a second. */
  public static final String INSTANT =
      "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z";

  @Override
  public String toString() {
    return "MembershipInput[organisation=" + organisation + ", ***]";
  }
}
