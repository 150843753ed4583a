package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.OneOf;
import org.phirecords.model.ProxyRelationship;
import org.phirecords.model.ProxyScope;

/**
 * A grant to a personal representative (ADR 46): who (their subject at the identity provider they
 * sign in with), why, what they see, and for how long. The reason is sealed, never echoed.
 */
public record ProxyGrantInput(
    @NotNull
        @Pattern(regexp = "[\\x21-\\x7E]{1,255}", message = "must be 1 to 255 printable characters")
        @Schema(description = "the representative's subject", example = "guardian-7f3a")
        String subject,
    @Pattern(regexp = "[\\x21-\\x7E]{1,255}", message = "must be 1 to 255 printable characters")
        @Schema(
            description = "the representative's token issuer; absent: the caller's own",
            example = "https://idp.example.org")
        String issuer,
    @NotNull
        @OneOf(names = ProxyRelationship.class, message = "unknown relationship")
        @Schema(example = "CAREGIVER")
        String relationship,
    @NotNull
        @OneOf(names = ProxyScope.class, message = "unknown scope")
        @Schema(example = "NON_SENSITIVE")
        String scope,
    @Pattern(regexp = MembershipInput.INSTANT, message = "must be an instant, UTC")
        @Schema(description = "from when; absent: now", example = "2026-01-01T00:00:00Z")
        String start,
    @NotNull
        @Pattern(regexp = MembershipInput.INSTANT, message = "must be an instant, UTC")
        @Schema(
            description = "the first instant it no longer holds",
            example = "2036-01-01T00:00:00Z")
        String expiry,
    @Size(min = 1, max = 2000, message = "must be 1 to 2000 characters")
        @Schema(
            description = "why it is granted; sealed, never returned",
            example = "Daughter helps")
        String reason) {

  @Override
  public String toString() {
    return "ProxyGrantInput[relationship=" + relationship + ", scope=" + scope + ", ***]";
  }
}
