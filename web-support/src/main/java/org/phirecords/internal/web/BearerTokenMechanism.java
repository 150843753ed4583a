package org.phirecords.internal.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.phirecords.error.StoreUnavailableException;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.internal.security.TokenAuthenticator;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;

/**
 * The one authentication mechanism of both web modules: a bearer token, verified by {@link
 * TokenAuthenticator} against the platform issuer or the issuing tenant's own identity provider. A
 * request without a token passes unauthenticated (the {@link AuthenticationGate} refuses it for the
 * API; the static pages need none); a bad token is answered 401 by {@link ProblemServlet}.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {
  @Inject TokenAuthenticator authenticator;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    Optional<String> token = TokenAuthenticator.bearer(request.getHeader("Authorization"));
    if (token.isEmpty()) {
      return context.doNothing();
    }
    try {
      Caller caller = authenticator.authenticate(token.get(), request.getRemoteAddr());
      request.setAttribute(TokenAuthenticator.CALLER_ATTRIBUTE, caller);
      Set<String> groups = caller.roles().stream().map(Role::groupName).collect(Collectors.toSet());
      return context.notifyContainerAboutLogin(caller.subject(), groups);
    } catch (UnauthenticatedException e) {
      return context.responseUnauthorized();
    } catch (StoreUnavailableException e) {
      try {
        response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      } catch (IOException ignored) {
        // the client is gone
      }
      return AuthenticationStatus.SEND_FAILURE;
    }
  }
}
