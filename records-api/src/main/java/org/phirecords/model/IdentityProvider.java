package org.phirecords.model;

import java.net.URI;
import java.util.Locale;
import org.phirecords.error.InvalidInputException;

/**
 * A tenant's own identity provider: tokens with this issuer are verified with its key and act only
 * in that tenant. Exactly one key source: a PEM public key, or a JWKS URL (https; plain http only
 * on the loopback interface, for tests).
 *
 * @param issuer the {@code iss} claim of its tokens, unique across tenants
 * @param publicKeyPem an RSA or EC public key in PEM ({@code -----BEGIN PUBLIC KEY-----}), or null
 * @param jwksUri where its signing keys are published, or null
 * @param portalClientId the OpenID Connect client id of the patient portal at this provider, or
 *     null if patients do not sign in to the portal with it
 */
public record IdentityProvider(
    String issuer, String publicKeyPem, URI jwksUri, String portalClientId) {
  private static final java.util.regex.Pattern CLIENT_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,200}");

  /** A provider without a portal client. */
  public IdentityProvider(String issuer, String publicKeyPem, URI jwksUri) {
    this(issuer, publicKeyPem, jwksUri, null);
  }

  /** Checks the form; keys themselves are parsed when the provider is registered. */
  public IdentityProvider {
    if (portalClientId != null && !CLIENT_ID.matcher(portalClientId).matches()) {
      throw InvalidInputException.invalid(
          "/identityProvider/portalClientId", "must be 1 to 200 letters, digits or . _ : -");
    }
    if (issuer == null || issuer.isBlank() || issuer.length() > 300) {
      throw InvalidInputException.invalid(
          "/identityProvider/issuer", "must be 1 to 300 characters");
    }
    if ((publicKeyPem == null) == (jwksUri == null)) {
      throw InvalidInputException.invalid(
          "/identityProvider", "needs exactly one of publicKeyPem and jwksUri");
    }
    if (publicKeyPem != null
        && (publicKeyPem.length() > 10_000 || !publicKeyPem.contains("BEGIN PUBLIC KEY"))) {
      throw InvalidInputException.invalid(
          "/identityProvider/publicKeyPem", "must be a PEM public key");
    }
    if (jwksUri != null && !secureOrLoopback(jwksUri)) {
      throw InvalidInputException.invalid(
          "/identityProvider/jwksUri", "must be an https URL (http only on localhost)");
    }
  }

  private static boolean secureOrLoopback(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost();
    return (scheme.equals("https") && !host.isEmpty())
        || (scheme.equals("http") && (host.equals("localhost") || host.equals("127.0.0.1")));
  }
}
