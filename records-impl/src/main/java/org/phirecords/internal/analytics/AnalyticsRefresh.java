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
 * update of the patient is stored (ADR 43), and projects a patient's entries again once a merge,
 * its undo or a membership change is (ADR 45): off the request's path, so an identity update costs
 * the store commands it did before; the event is durable before any observer hears of it.
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

  /**
   * On the stored event of a patient's successful update, refreshes that patient's facts; of a
   * merge, its undo or a membership change (ADR 45), projects its patient's entries again.
   */
  public void onStored(@ObservesAsync AuditEvent event) {
    if (event.outcome() != AuditOutcome.SUCCESS
        || event.tenant() == null
        || event.patientId() == null) {
      return;
    }
    TenantId tenant = new TenantId(event.tenant());
    PatientId patient = new PatientId(event.patientId());
    switch (event.operation()) {
      case "PatientDirectory.update" -> {
        if (event.resourceType() == ResourceType.PATIENT && event.action() == AuditAction.UPDATE) {
          refresh(tenant, patient);
        }
      }
      case "PatientMerges.merge", "PatientMerges.undo", "Memberships.add", "Memberships.end" ->
          new AnalyticsProjection(collections, protection)
              .patientReprojected(tenant, audit.recordSeals(), patient);
      default -> {
        // no other change reaches the projection's values
      }
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
