package org.phirecords.internal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.internal.net.ClientAddresses;
import org.phirecords.security.Caller;
import org.phirecords.spi.CallerResolver;

/**
 * The default caller: from the request's bearer token, verified by {@link TokenAuthenticator}. In
 * the module's own WARs the bearer-token filter has done so already and left the caller on the
 * request; in a vendor's application (whatever its container authentication) the token is verified
 * here, once per request. Nothing comes from request parameters.
 */
@ApplicationScoped
public class TokenCallerResolver implements CallerResolver {
  private Instance<HttpServletRequest> request;
  private TokenAuthenticator authenticator;
  private ClientAddresses addresses;

  /** For CDI. */
  protected TokenCallerResolver() {}

  /** Reads the current request. */
  @Inject
  public TokenCallerResolver(
      Instance<HttpServletRequest> request,
      TokenAuthenticator authenticator,
      ClientAddresses addresses) {
    this.request = request;
    this.authenticator = authenticator;
    this.addresses = addresses;
  }

  /** The request header a personal representative names the patient they act for in (ADR 46). */
  public static final String ACTING_FOR = "Acting-For";

  @Override
  public Optional<String> actingFor() {
    try {
      if (!request.isResolvable()) {
        return Optional.empty();
      }
      return Optional.ofNullable(request.get().getHeader(ACTING_FOR)).filter(h -> !h.isEmpty());
    } catch (RuntimeException noActiveRequest) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<Caller> currentCaller() {
    HttpServletRequest current;
    try {
      if (!request.isResolvable()) {
        return Optional.empty();
      }
      current = request.get();
      if (current.getAttribute(TokenAuthenticator.CALLER_ATTRIBUTE) instanceof Caller c) {
        return Optional.of(c);
      }
    } catch (RuntimeException noActiveRequest) {
      return Optional.empty();
    }
    Optional<String> token = TokenAuthenticator.bearer(current.getHeader("Authorization"));
    if (token.isEmpty()) {
      return Optional.empty();
    }
    try {
      Caller caller = authenticator.authenticate(token.get(), addresses.of(current));
      current.setAttribute(TokenAuthenticator.CALLER_ATTRIBUTE, caller);
      return Optional.of(caller);
    } catch (UnauthenticatedException refused) {
      return Optional.empty();
    }
  }
}
