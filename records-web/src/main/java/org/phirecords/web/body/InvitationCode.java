package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The one-time invitation code a patient received from their provider: 32 base-32 characters, in
 * groups separated by dashes or spaces, any case. A secret: sent in a body, never in a URL.
 */
public record InvitationCode(
    @NotNull
        @Pattern(regexp = "[A-Za-z2-7 -]{32,64}")
        @Schema(example = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567")
        String code) {
  @Override
  public String toString() {
    return "InvitationCode[***]";
  }
}
