/**
 * Audit event types. Observe {@link org.phirecords.audit.AuditEvent} with {@code @ObservesAsync} to
 * receive each event after it has been durably stored.
 */
package org.phirecords.audit;
