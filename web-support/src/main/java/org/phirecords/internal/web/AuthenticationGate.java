package org.phirecords.internal.web;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.UnauthenticatedException;

/**
 * Every API request needs a verified bearer token. {@link BearerTokenFilter} rejects invalid tokens
 * (answered as problem+json by {@link ProblemServlet}); this gate rejects requests without one,
 * except to methods marked {@link Public}.
 */
@Provider
@Priority(jakarta.ws.rs.Priorities.AUTHENTICATION)
public class AuthenticationGate implements ContainerRequestFilter {
  @Context ResourceInfo resource;
  @Inject RejectionAudit audit;

  @Override
  public void filter(ContainerRequestContext request) {
    var method = resource == null ? null : resource.getResourceMethod();
    if (method != null && method.isAnnotationPresent(Public.class)) {
      return;
    }
    if (request.getSecurityContext().getUserPrincipal() == null) {
      audit.rejected(resource, request.getMethod(), AuditOutcome.DENIED);
      throw new UnauthenticatedException(ErrorCode.UNAUTHENTICATED);
    }
  }
}
