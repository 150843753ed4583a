package org.phirecords.internal.analytics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.patient.PatientMaintenance;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * Refreshes a patient's analytics facts (age bands, sex, ZIP3) once the audit event of a successful
 * update of the patient is stored (ADR 43): off the request's path, so an identity update costs the
 * store commands it did before; the event is durable before any observer hears of it.
 */
@ApplicationScoped
public class AnalyticsRefresh {
  private TenantCollections collections;
  private IdentityProtection protection;
  private AuditTrail audit;

  /** For CDI. */
  protected AnalyticsRefresh() {}

  /** Refreshes facts in {@code collections}, identities opened by {@code protection}. */
  @Inject
  public AnalyticsRefresh(
      TenantCollections collections, IdentityProtection protection, AuditTrail audit) {
    this.collections = collections;
    this.protection = protection;
    this.audit = audit;
  }

  /** On the stored event of a patient's successful update, refreshes that patient's facts. */
  public void onStored(@ObservesAsync AuditEvent event) {
    if (event.resourceType() == ResourceType.PATIENT
        && event.action() == AuditAction.UPDATE
        && event.outcome() == AuditOutcome.SUCCESS
        && "PatientDirectory.update".equals(event.operation())
        && event.tenant() != null
        && event.patientId() != null) {
      refresh(new TenantId(event.tenant()), new PatientId(event.patientId()));
    }
  }

  /** Refreshes the facts of {@code patient} of {@code tenant} from its identity now. */
  void refresh(TenantId tenant, PatientId patient) {
    PatientMaintenance.opened(collections, protection, tenant, patient)
        .map(Patient::data)
        .ifPresent(
            data ->
                new AnalyticsProjection(collections, protection)
                    .patientWritten(tenant, audit.recordSeals(), patient, data));
  }
}
