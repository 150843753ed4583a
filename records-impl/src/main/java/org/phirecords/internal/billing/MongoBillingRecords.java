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
import org.phirecords.error.NotFoundException;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.clinical.ClinicalDocuments;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.BillingSummary;
import org.phirecords.model.CodedEntry;
import org.phirecords.model.EntryType;
import org.phirecords.model.PatientId;
import org.phirecords.security.Caller;
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

  private CurrentCaller callers;
  private TenantCollections collections;
  private AuditTrail audit;
  private IdentityProtection protection;

  /** For CDI. */
  protected MongoBillingRecords() {}

  /** The billing view. */
  @Inject
  public MongoBillingRecords(
      CurrentCaller callers,
      TenantCollections collections,
      AuditTrail audit,
      IdentityProtection protection) {
    this.callers = callers;
    this.collections = collections;
    this.audit = audit;
    this.protection = protection;
  }

  @Override
  @RequiresPermission(Permission.BILLING_READ)
  public BillingSummary summary(PatientId patient) {
    Caller caller = callers.require();
    TenantScopedCollection patients =
        collections.forCaller(StoredCollection.PATIENTS, caller, Permission.BILLING_READ);
    Optional<Document> identity =
        patients.findOne(eq("patientId", patient.value()), fields(include(DEMOGRAPHICS)), null);
    if (identity.isEmpty()) {
      record(caller, patient, AuditOutcome.NOT_FOUND, 0);
      throw new NotFoundException();
    }
    List<String> billable =
        Arrays.stream(EntryType.values()).filter(EntryType::billable).map(Enum::name).toList();
    List<Document> versions =
        collections
            .forCaller(StoredCollection.CLINICAL_ENTRIES, caller, Permission.BILLING_READ)
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
    record(caller, patient, AuditOutcome.SUCCESS, 1);
    return summary;
  }

  private void record(Caller caller, PatientId patient, AuditOutcome outcome, int count) {
    audit.record(
        caller,
        Permission.BILLING_READ.action(),
        Permission.BILLING_READ.resourceType(),
        patient.value(),
        patient.value(),
        outcome,
        "BillingRecords.summary",
        count);
  }
}
