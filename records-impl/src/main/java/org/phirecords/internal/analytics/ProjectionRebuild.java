package org.phirecords.internal.analytics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.clinical.ClinicalDocuments;
import org.phirecords.internal.clinical.ClinicalRepository;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.patient.PatientMaintenance;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * Projects a tenant's existing entry versions (ADR 43): resumable, as the position reached is
 * stored after each batch, and idempotent, as a fact is kept per entry and version, the newest
 * winning. Run by the operator for data stored before the projection existed, after a chain key
 * rotation (the pseudonyms change) or after membership changes.
 */
@ApplicationScoped
public class ProjectionRebuild {
  /** Entry versions read per batch. */
  static final int BATCH = 500;

  private TenantCollections collections;
  private IdentityProtection protection;
  private AuditTrail audit;

  /** For CDI. */
  protected ProjectionRebuild() {}

  /** The rebuild over {@code collections}, identities opened by {@code protection}. */
  @Inject
  public ProjectionRebuild(
      TenantCollections collections, IdentityProtection protection, AuditTrail audit) {
    this.collections = collections;
    this.protection = protection;
    this.audit = audit;
  }

  /**
   * Projects up to {@code batches} batches of {@code tenant}'s entry versions from where the last
   * run stopped; returns how many versions it projected (0: the projection is complete).
   */
  public int rebuild(TenantId tenant, int batches) {
    return rebuild(tenant, batches, BATCH);
  }

  /** As above, from the start if {@code restart} (ADR 45: the tenant admin's endpoint). */
  public int rebuild(TenantId tenant, boolean restart, int batches) {
    if (restart) {
      AnalyticsFacts.of(collections, tenant).restartRebuild();
    }
    return rebuild(tenant, batches, BATCH);
  }

  /** As above, {@code size} versions per batch. */
  int rebuild(TenantId tenant, int batches, int size) {
    AnalyticsFacts facts = AnalyticsFacts.of(collections, tenant);
    AnalyticsProjection projection = new AnalyticsProjection(collections, protection);
    Object after = facts.rebuiltUpTo().orElse(null);
    int done = 0;
    for (int b = 0; b < batches; b++) {
      List<Document> versions = ClinicalRepository.versionsAfter(collections, tenant, after, size);
      if (versions.isEmpty()) {
        break;
      }
      Map<String, Optional<Patient>> patients = new HashMap<>();
      Map<String, List<String>> organisations = new HashMap<>();
      for (Document v : versions) {
        String patient = v.getString(ClinicalDocuments.PATIENT);
        Optional<Patient> counted =
            patients.computeIfAbsent(
                patient,
                p -> PatientMaintenance.counted(collections, protection, tenant, new PatientId(p)));
        List<String> orgs =
            organisations.computeIfAbsent(patient, p -> projection.organisations(tenant, counted));
        facts.put(AnalyticsProjection.fact(tenant, audit.recordSeals(), v, counted, orgs));
      }
      done += versions.size();
      after = versions.get(versions.size() - 1).get("_id");
      facts.rebuiltUpTo(after);
    }
    return done;
  }
}
