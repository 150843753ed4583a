package org.phirecords.internal.organisation;

import org.phirecords.model.TenantId;

/**
 * CDI event: the grants of {@code tenant} changed on this instance (created, approved or revoked;
 * ADR 29). The access model's cache observes it and forgets the tenant at once; other instances
 * notice within their cache bound (ADR 27).
 *
 * @param tenant whose grants changed
 */
public record GrantsChanged(TenantId tenant) {}
