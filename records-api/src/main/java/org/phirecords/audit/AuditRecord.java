package org.phirecords.audit;

/**
 * A stored audit event as privacy officers see it: the event and its place in the chain.
 *
 * @param event the event
 * @param seq its position in the tenant's chain
 */
public record AuditRecord(AuditEvent event, long seq) {}
