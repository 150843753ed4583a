package org.phirecords.internal.billing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.internal.clinical.Clearance;
import org.phirecords.internal.clinical.ClinicalRepository;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.patient.BillingIdentity;
import org.phirecords.internal.patient.MergedRegistrations;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.model.BillingSummary;
import org.phirecords.model.CodedEntry;
import org.phirecords.model.PatientId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.BillingRecords;

/**
 * The minimum-necessary billing view. The projections are part of the queries, so notes, values,
 * SSN and contact details never leave the database layer.
 */
@ApplicationScoped
public class MongoBillingRecords implements BillingRecords {
  private Operations operations;
  private IdentityProtection protection;
  private FreeTextProtection freeText;

  /** For CDI. */
  protected MongoBillingRecords() {}

  /**
   * The billing view, within the current operation; identifiers opened by {@code protection}, code
   * displays by {@code freeText}.
   */
  @Inject
  public MongoBillingRecords(
      Operations operations, IdentityProtection protection, FreeTextProtection freeText) {
    this.operations = operations;
    this.protection = protection;
    this.freeText = freeText;
  }

  @Override
  @RequiresPermission(Permission.BILLING_READ)
  public BillingSummary summary(PatientId patient) {
    Operation op = operations.current();
    BillingIdentity identity =
        new PatientRepository(op, protection)
            .billingIdentity(patient)
            .orElseThrow(() -> op.notFound(patient.value(), patient.value()));
    List<CodedEntry> coded =
        new ClinicalRepository(op, freeText, Clearance.of(op, operations.collections()))
            // With the registrations merged into it, as far as billing's reach goes (ADR 36, 42).
            .billable(MergedRegistrations.linked(op, patient));
    BillingSummary summary =
        new BillingSummary(
            patient,
            identity.givenName(),
            identity.familyName(),
            identity.birthDate(),
            identity.memberId(),
            coded);
    op.record(AuditOutcome.SUCCESS, patient.value(), patient.value(), 1);
    return summary;
  }
}
