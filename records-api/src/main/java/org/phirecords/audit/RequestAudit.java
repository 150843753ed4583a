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
}
