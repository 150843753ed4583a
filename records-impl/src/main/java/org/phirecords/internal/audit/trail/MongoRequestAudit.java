package org.phirecords.internal.audit.trail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.RequestAudit;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.net.ClientAddresses;
import org.phirecords.security.Caller;
import org.phirecords.spi.CallerResolver;

/**
 * Audits refused requests, with an anonymous caller where none could be established; an anonymous
 * caller's address is the request's client address ({@link ClientAddresses}).
 */
@ApplicationScoped
public class MongoRequestAudit implements RequestAudit {
  private CallerResolver callers;
  private AuditTrail trail;
  private ClientAddresses addresses;

  /** For CDI. */
  protected MongoRequestAudit() {}

  /** Records into {@code trail} for callers from {@code callers}. */
  @Inject
  public MongoRequestAudit(CallerResolver callers, AuditTrail trail, ClientAddresses addresses) {
    this.callers = callers;
    this.trail = trail;
    this.addresses = addresses;
  }

  @Override
  public void rejected(
      String operation,
      AuditAction action,
      ResourceType resourceType,
      String resourceId,
      AuditOutcome outcome) {
    Caller caller =
        callers.currentCaller().orElseGet(() -> Caller.anonymous(addresses.current().orElse(null)));
    trail.record(caller, action, resourceType, resourceId, null, outcome, operation, 0);
  }

  @Override
  public void unauthenticated(
      String operation,
      AuditAction action,
      ResourceType resourceType,
      String clientAddress,
      int count) {
    trail.record(
        Caller.anonymous(clientAddress),
        action,
        resourceType,
        null,
        null,
        AuditOutcome.DENIED,
        operation,
        count);
  }
}
