/**
 * Metrics of the module on MicroProfile Metrics (ADR 50): {@link
 * org.phirecords.internal.metrics.RecordsMetrics}, the one facade the rest of the module reports
 * to, and {@link org.phirecords.internal.metrics.OperationMetrics}, the interceptor that times
 * every service operation. Labels carry operation names, outcomes, error codes and kinds, never PHI
 * or user identifiers; a tenant id only where the operator enables it. Internal, may change at any
 * time.
 */
package org.phirecords.internal.metrics;
