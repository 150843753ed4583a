package org.phirecords.internal.analytics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.bson.Document;
import org.phirecords.error.StoreUnavailableException;
import org.phirecords.internal.clinical.ClinicalDocuments;
import org.phirecords.internal.clinical.ClinicalRepository;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.integrity.RecordSeals;
import org.phirecords.internal.organisation.MembershipRepository;
import org.phirecords.internal.patient.PatientMaintenance;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * Writes the de-identified analytics projection (ADR 43) on the paths that change what it shows: an
 * entry version stored (created, amended, entered in error) and a patient's identity changed.
 * Identity fields are opened here, at write time, and only generalised values are kept; queries
 * never open anything. A projection write that fails for a store outage is logged (ids only) and
 * left to the rebuild: the clinical write it follows has succeeded.
 */
@ApplicationScoped
public class AnalyticsProjection {
  private static final Logger LOG = Logger.getLogger(AnalyticsProjection.class.getName());

  private TenantCollections collections;
  private IdentityProtection protection;

  /** For CDI. */
  protected AnalyticsProjection() {}

  /** The projection in {@code collections}, identities opened by {@code protection}. */
  @Inject
  public AnalyticsProjection(TenantCollections collections, IdentityProtection protection) {
    this.collections = collections;
    this.protection = protection;
  }

  /** Projects entry version {@code version} (a stored or plaintext version document). */
  public void entryWritten(TenantId tenant, RecordSeals seals, Document version) {
    guarded(
        tenant,
        () -> {
          PatientId patient = new PatientId(version.getString(ClinicalDocuments.PATIENT));
          Optional<Patient> counted =
              PatientMaintenance.counted(collections, protection, tenant, patient);
          AnalyticsFacts.of(collections, tenant)
              .put(fact(tenant, seals, version, counted, organisations(tenant, counted)));
        });
  }

  /**
   * Projects again every entry version of {@code patient} and of the registrations merged into it
   * (ADR 45): after a merge, its undo or a membership change, their facts take the key, values and
   * organisations of the registration that now counts for them.
   */
  public void patientReprojected(TenantId tenant, RecordSeals seals, PatientId patient) {
    guarded(
        tenant,
        () -> {
          AnalyticsFacts facts = AnalyticsFacts.of(collections, tenant);
          for (PatientId p : PatientMaintenance.withMerged(collections, tenant, patient)) {
            Optional<Patient> counted =
                PatientMaintenance.counted(collections, protection, tenant, p);
            List<String> orgs = organisations(tenant, counted);
            for (Document v : ClinicalRepository.versionsOf(collections, tenant, p)) {
              facts.replace(fact(tenant, seals, v, counted, orgs));
            }
          }
        });
  }

  /**
   * Projects the first versions {@code versions} of new entries (a batch import, ADR 40): their
   * patients and memberships read once for all, the facts stored in one insert.
   */
  public void entriesWritten(TenantId tenant, RecordSeals seals, List<Document> versions) {
    guarded(
        tenant,
        () -> {
          List<String> ids =
              versions.stream()
                  .map(v -> v.getString(ClinicalDocuments.PATIENT))
                  .distinct()
                  .toList();
          Map<String, Patient> patients =
              PatientMaintenance.opened(collections, protection, tenant, ids);
          Map<String, List<String>> organisations =
              MembershipRepository.of(collections, tenant).organisationsOf(ids, Instant.now());
          List<Document> facts = new ArrayList<>(versions.size());
          for (Document v : versions) {
            String patient = v.getString(ClinicalDocuments.PATIENT);
            Optional<Patient> counted = Optional.ofNullable(patients.get(patient));
            List<String> orgs;
            if (counted.isPresent()) {
              orgs = new ArrayList<>(organisations.getOrDefault(patient, List.of()));
              orgs.sort(null);
            } else {
              // Not in force: counted under the registration it was merged into, if any (ADR 45).
              counted =
                  PatientMaintenance.counted(
                      collections, protection, tenant, new PatientId(patient));
              orgs = organisations(tenant, counted);
            }
            facts.add(fact(tenant, seals, v, counted, orgs));
          }
          AnalyticsFacts.of(collections, tenant).putNew(facts);
        });
  }

  /** Refreshes the facts of patient {@code patient}, whose identity is now {@code data}. */
  public void patientWritten(
      TenantId tenant, RecordSeals seals, PatientId patient, PatientData data) {
    guarded(
        tenant,
        () -> {
          AnalyticsFacts facts = AnalyticsFacts.of(collections, tenant);
          for (Document f : facts.ofPatient(seals.pseudonym(tenant, patient.value()))) {
            YearMonth month = YearMonth.parse(f.getString(AnalyticsFacts.MONTH));
            Document values = patientValues(data, month);
            facts.set(
                f.getString(AnalyticsFacts.RECORD),
                f.get(AnalyticsFacts.VERSION, Number.class).longValue(),
                values);
          }
        });
  }

  /**
   * The fact of {@code version}: withdrawn ({@link AnalyticsFacts#GONE}) if entered in error,
   * sensitive (never counted, ADR 26) or no registration in force counts for it; else the
   * generalised values of {@code patient}, the registration that counts (ADR 45).
   */
  static Document fact(
      TenantId tenant,
      RecordSeals seals,
      Document version,
      Optional<Patient> patient,
      List<String> organisations) {
    Document fact =
        new Document(AnalyticsFacts.RECORD, version.getString(ClinicalDocuments.ID))
            .append(
                AnalyticsFacts.VERSION,
                version.get(ClinicalDocuments.VERSION, Number.class).longValue());
    if (Boolean.TRUE.equals(version.get(ClinicalDocuments.ENTERED_IN_ERROR))
        || version.get(ClinicalDocuments.SENSITIVITY) != null
        || patient.isEmpty()) {
      return fact.append(AnalyticsFacts.GONE, true);
    }
    LocalDate date = LocalDate.parse(version.getString(ClinicalDocuments.EFFECTIVE_DATE));
    List<Document> codes = new ArrayList<>();
    for (Document c : version.getList("codes", Document.class, List.of())) {
      codes.add(new Document("s", c.getString("system")).append("c", c.getString("code")));
    }
    fact.append(AnalyticsFacts.KEY, seals.pseudonym(tenant, patient.get().id().value()))
        .append(AnalyticsFacts.TYPE, version.getString(ClinicalDocuments.TYPE))
        .append(AnalyticsFacts.CODES, codes)
        .append(AnalyticsFacts.MONTH, FactValues.month(date))
        .append(AnalyticsFacts.YEAR, date.getYear())
        .append(AnalyticsFacts.ORGANISATIONS, organisations);
    fact.putAll(patientValues(patient.get().data(), YearMonth.from(date)));
    return fact;
  }

  /** The patient's generalised values in {@code month}: age band, sex, ZIP3 (absent: none). */
  private static Document patientValues(PatientData data, YearMonth month) {
    return new Document(AnalyticsFacts.AGE_BAND, FactValues.ageBand(data.birthDate(), month))
        .append(AnalyticsFacts.SEX, FactValues.sex(data.sex()))
        .append(
            AnalyticsFacts.ZIP3,
            data.address() == null
                ? null
                : FactValues.zip3(data.address().postalCode()).orElse(null));
  }

  /** The organisations the registration that counts is a member of now; none without one. */
  List<String> organisations(TenantId tenant, Optional<Patient> counted) {
    return counted.map(c -> organisations(tenant, c.id())).orElse(List.of());
  }

  /** The organisations patient {@code patient} is a member of now. */
  List<String> organisations(TenantId tenant, PatientId patient) {
    return MembershipRepository.of(collections, tenant)
        .organisationsOf(patient, Instant.now())
        .stream()
        .map(OrganisationId::value)
        .sorted()
        .toList();
  }

  private static void guarded(TenantId tenant, Runnable write) {
    try {
      write.run();
    } catch (StoreUnavailableException e) {
      LOG.warning(
          "analytics projection not written for tenant "
              + tenant.value()
              + " (store unavailable); the rebuild will project it");
    }
  }
}
