package org.phirecords.audit;

/**
 * Audits requests that were refused before they reached a service operation: bad input, missing or
 * invalid credentials. Used by web layers so that every call leaves an event, rejected ones
 * included. Fails closed like every audit write.
 */
public interface RequestAudit {
  /**
   * Records a refused request of the current caller (or of an anonymous one).
   *
   * @param operation the operation attempted, for example {@code POST /patients}
   * @param action the action attempted
   * @param resourceType the kind of resource
   * @param resourceId the opaque id in the request, if it was well-formed; else {@code null}
   * @param outcome why it was refused
   * @throws org.phirecords.error.AuditUnavailableException if the event cannot be stored
   */
  void rejected(
      String operation,
      AuditAction action,
      ResourceType resourceType,
      String resourceId,
      AuditOutcome outcome);

  /**
   * Records {@code count} refusals of requests without usable credentials (a missing or bad token)
   * from {@code clientAddress}, as one event of an anonymous caller; {@code count} is the event's
   * result count. Implementations that cannot record the address or count record one refusal.
   *
   * @param operation the operation attempted, or a name for a summary of several
   * @param action the action attempted
   * @param resourceType the kind of resource
   * @param clientAddress where the requests came from
   * @param count how many refusals the event stands for, at least 1
   * @throws org.phirecords.error.AuditUnavailableException if the event cannot be stored
   */
  default void unauthenticated(
      String operation,
      AuditAction action,
      ResourceType resourceType,
      String clientAddress,
      int count) {
    rejected(operation, action, resourceType, null, AuditOutcome.DENIED);
  }
}
