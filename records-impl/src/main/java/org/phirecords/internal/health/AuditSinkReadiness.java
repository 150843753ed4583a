package org.phirecords.internal.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.phirecords.internal.audit.trail.AuditSinks;

/**
 * Ready unless the latest delivery of audit events or chain checkpoints to an {@code AuditSink}
 * failed: a sink that keeps the checkpoints outside the audit store is what detects a truncated
 * chain. Reports the sinks' class names, never an event. Calls no sink itself.
 */
@Readiness
@ApplicationScoped
public class AuditSinkReadiness implements HealthCheck {
  private AuditSinks sinks;

  /** For CDI. */
  protected AuditSinkReadiness() {}

  /** Reads the outcomes of {@code sinks}. */
  @Inject
  public AuditSinkReadiness(AuditSinks sinks) {
    this.sinks = sinks;
  }

  @Override
  public HealthCheckResponse call() {
    var builder =
        HealthCheckResponse.named("phi-records-audit-sink").withData("sinks", sinks.count());
    var failing = sinks.failing();
    return failing.isEmpty()
        ? builder.up().build()
        : builder.down().withData("failing", String.join(",", failing)).build();
  }
}
