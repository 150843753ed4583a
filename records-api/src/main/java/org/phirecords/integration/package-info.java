/**
 * Integration events (ADR 35): a durable, ordered stream per tenant of what was written, ids and
 * versions only. Read it with {@link org.phirecords.service.IntegrationEvents} (a cursor by
 * position), or observe {@link org.phirecords.integration.IntegrationEvent} in an embedding
 * application ({@code @Observes} or {@code @ObservesAsync}): each is fired once the write it
 * describes and its audit event are durable.
 */
package org.phirecords.integration;
