package org.phirecords.internal.organisation;

import org.phirecords.model.TenantId;

/**
 * A CDI event: this instance changed {@code tenant}'s grants or organisation tree, so its cached
 * access model is read afresh at the next use (other instances within the cache's bound, ADR 27).
 */
public record GrantsChanged(TenantId tenant) {}
