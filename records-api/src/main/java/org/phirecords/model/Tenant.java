package org.phirecords.model;

import java.time.Instant;

/** A tenant: an organisation whose users and records are isolated from every other tenant. */
public record Tenant(TenantId id, String displayName, TenantStatus status, Instant createdAt) {}
