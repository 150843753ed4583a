package org.phirecords.model;

import java.util.List;
import java.util.Objects;

/**
 * A system client a tenant registered (ADR 39): a client of the tenant's identity provider that
 * calls with client-credentials tokens and no end user.
 *
 * @param clientId the client id its tokens carry ({@code client_id}, else {@code azp}); the subject
 *     of its calls in the audit trail
 * @param subject the {@code sub} the identity provider puts in the client's own tokens (some name
 *     the client, some a service account); a token of that client with another subject is a user's
 * @param scopes the SMART system scopes the client may use, at most these whatever its token asks
 * @param organisations the organisation ids the client is bounded to, each with everything below
 *     it, like a role granted there (ADR 42); empty: the whole tenant
 */
public record SystemClient(
    String clientId, String subject, List<String> scopes, List<String> organisations) {
  /** Copies; the subject defaults to the client id. */
  public SystemClient {
    Objects.requireNonNull(clientId, "clientId");
    subject = subject == null ? clientId : subject;
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    organisations = organisations == null ? List.of() : List.copyOf(organisations);
  }

  /** A client of the whole tenant. */
  public SystemClient(String clientId, String subject, List<String> scopes) {
    this(clientId, subject, scopes, List.of());
  }
}
