package org.phirecords.service;

import java.time.Instant;
import org.phirecords.audit.AuditExport;
import org.phirecords.audit.AuditQuery;
import org.phirecords.audit.AuditRecord;
import org.phirecords.audit.ChainVerification;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.TenantId;

/** Reading and verifying the tamper-evident audit trail. Every use is itself audited. */
public interface AuditReview {
  /**
   * One page of the events of the caller's tenant matching {@code query}, oldest first (by chain
   * position). Needs {@code AUDIT_READ}.
   */
  Page<AuditRecord> search(AuditQuery query, PageRequest page);

  /**
   * One page of the events matching {@code query} as a FHIR R4 Bundle (type collection) of {@code
   * AuditEvent} resources following IHE BALP, as JSON, with the cursor of the next page. Needs
   * {@code AUDIT_READ}; audited as an export.
   */
  AuditExport exportFhir(AuditQuery query, PageRequest page);

  /**
   * Verifies the caller's tenant's chain, whole or between {@code from} and {@code to} (either may
   * be null). Needs {@code AUDIT_READ}.
   */
  ChainVerification verify(Instant from, Instant to);

  /**
   * Removes a tenant's audit events that lie beyond its retention period (6 years unless the tenant
   * keeps them longer), anchoring the chain so that the rest still verifies. Nothing within the
   * retention period is ever removed. Needs {@code TENANT_MANAGE}. Returns how many events were
   * removed.
   */
  long purgeBeyondRetention(TenantId tenant);

  /**
   * Verifies any tenant's chain (or {@code null}: the platform chain). Needs {@code TENANT_MANAGE}.
   */
  ChainVerification verifyTenant(TenantId tenant, Instant from, Instant to);
}
