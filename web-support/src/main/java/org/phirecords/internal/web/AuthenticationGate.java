package org.phirecords.internal.web;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.OptionalLong;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.internal.net.ClientAddresses;

/**
 * Every API request needs a verified bearer token. {@link BearerTokenFilter} rejects invalid tokens
 * (answered as problem+json by {@link ProblemServlet}); this gate rejects requests without one,
 * except to methods marked {@link Public}, and answers 429 instead to an address over the limit of
 * failed authentications ({@link AuthenticationFailures}).
 */
@Provider
@Priority(jakarta.ws.rs.Priorities.AUTHENTICATION)
public class AuthenticationGate implements ContainerRequestFilter {
  @Context ResourceInfo resource;
  @Context HttpServletRequest servletRequest;
  @Inject RejectionAudit audit;
  @Inject ClientAddresses addresses;
  @Inject AuthenticationFailures failures;

  @Override
  public void filter(ContainerRequestContext request) {
    var method = resource == null ? null : resource.getResourceMethod();
    if (method != null && method.isAnnotationPresent(Public.class)) {
      return;
    }
    if (request.getSecurityContext().getUserPrincipal() == null) {
      String client = addresses.of(servletRequest);
      OptionalLong wait = failures.retryAfter(client);
      if (wait.isPresent()) {
        request.abortWith(Problems.tooManyFailures(wait.getAsLong()));
        return;
      }
      audit.unauthenticated(client, resource, request.getMethod());
      throw new UnauthenticatedException(ErrorCode.UNAUTHENTICATED);
    }
  }
}
