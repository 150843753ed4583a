package org.phirecords.internal.billing;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Projections.fields;
import static com.mongodb.client.model.Projections.include;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.internal.clinical.ClinicalDocuments;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.BillingSummary;
import org.phirecords.model.CodedEntry;
import org.phirecords.model.EntryType;
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
  /** Identity fields billing may see. */
  static final List<String> DEMOGRAPHICS =
      List.of("patientId", "givenName", "familyName", "birthDate", "memberId");

  private Operations operations;
  private IdentityProtection protection;

  /** For CDI. */
  protected MongoBillingRecords() {}

  /** The billing view, within the current operation; identifiers opened by {@code protection}. */
  @Inject
  public MongoBillingRecords(Operations operations, IdentityProtection protection) {
    this.operations = operations;
    this.protection = protection;
  }

  @Override
  @RequiresPermission(Permission.BILLING_READ)
  public BillingSummary summary(PatientId patient) {
    Operation op = operations.current();
    TenantScopedCollection patients = op.handle(StoredCollection.PATIENTS);
    Optional<Document> identity =
        patients.findOne(eq("patientId", patient.value()), fields(include(DEMOGRAPHICS)), null);
    if (identity.isEmpty()) {
      throw op.notFound(patient.value(), patient.value());
    }
    List<String> billable =
        Arrays.stream(EntryType.values()).filter(EntryType::billable).map(Enum::name).toList();
    List<Document> versions =
        op.handle(StoredCollection.CLINICAL_ENTRIES)
            .find(
                eq("patientId", patient.value()),
                fields(include(ClinicalDocuments.CODED_FIELDS)),
                ClinicalDocuments.NEWEST_FIRST,
                0);
    // The latest version decides: an entry re-typed to a note is no longer billing's to see.
    List<CodedEntry> coded =
        ClinicalDocuments.latestVersions(versions).stream()
            .filter(d -> billable.contains(d.getString(ClinicalDocuments.TYPE)))
            .map(ClinicalDocuments::toCoded)
            .toList();
    Document d = protection.open(patients.tenant(), identity.get());
    BillingSummary summary =
        new BillingSummary(
            patient,
            d.getString("givenName"),
            d.getString("familyName"),
            LocalDate.parse(d.getString("birthDate")),
            d.getString("memberId"),
            coded);
    op.record(AuditOutcome.SUCCESS, patient.value(), patient.value(), 1);
    return summary;
  }
}
