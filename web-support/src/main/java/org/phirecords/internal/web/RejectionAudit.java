package org.phirecords.internal.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.RequestAudit;
import org.phirecords.audit.ResourceType;

/** Audits a request refused at the HTTP layer, named after the resource method it targeted. */
@ApplicationScoped
public class RejectionAudit {
  private RequestAudit audit;
  private AuthenticationFailures failures;

  /** For CDI. */
  protected RejectionAudit() {}

  /** Records through {@code audit}; failed authentications through {@code failures}. */
  @Inject
  public RejectionAudit(RequestAudit audit, AuthenticationFailures failures) {
    this.audit = audit;
    this.failures = failures;
  }

  /**
   * Counts a request of {@code clientAddress} to {@code resource} refused for want of a valid token
   * (audited as {@link AuthenticationFailures} says).
   */
  public void unauthenticated(String clientAddress, ResourceInfo resource, String httpMethod) {
    Method method = resource == null ? null : resource.getResourceMethod();
    AuditedAs as = method == null ? null : method.getAnnotation(AuditedAs.class);
    failures.failed(
        clientAddress,
        method == null
            ? httpMethod
            : resource.getResourceClass().getSimpleName() + "." + method.getName(),
        as == null ? actionOf(httpMethod) : as.action(),
        as == null ? ResourceType.ENDPOINT : as.resource());
  }

  /** As above, for a refusal seen only by the servlet container (no resource matched yet). */
  public void unauthenticated(String clientAddress, String httpMethod) {
    failures.failed(clientAddress, httpMethod, actionOf(httpMethod), ResourceType.ENDPOINT);
  }

  /** Records the refusal of a request to {@code resource} (null if unmatched). */
  public void rejected(ResourceInfo resource, String httpMethod, AuditOutcome outcome) {
    Method method = resource == null ? null : resource.getResourceMethod();
    AuditedAs as = method == null ? null : method.getAnnotation(AuditedAs.class);
    String operation =
        method == null
            ? httpMethod
            : resource.getResourceClass().getSimpleName() + "." + method.getName();
    audit.rejected(
        operation,
        as == null ? actionOf(httpMethod) : as.action(),
        as == null ? ResourceType.ENDPOINT : as.resource(),
        null,
        outcome);
  }

  private static AuditAction actionOf(String httpMethod) {
    return switch (httpMethod == null ? "" : httpMethod) {
      case "POST" -> AuditAction.CREATE;
      case "PUT", "PATCH" -> AuditAction.UPDATE;
      case "DELETE" -> AuditAction.DELETE;
      default -> AuditAction.READ;
    };
  }
}
