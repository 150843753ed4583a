package org.phirecords.internal.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;

/**
 * How a resource method is audited when a request to it is refused before it reaches a service (bad
 * input, no token). Requests that reach a service are audited by the service.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AuditedAs {
  /** The kind of resource. */
  ResourceType resource();

  /** The action attempted. */
  AuditAction action();
}
