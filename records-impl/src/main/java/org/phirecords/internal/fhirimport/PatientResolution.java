package org.phirecords.internal.fhirimport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.NotFoundException;
import org.phirecords.internal.fhir.FhirSystems;
import org.phirecords.internal.fhirimport.BundlePlan.PlannedEntry;
import org.phirecords.internal.fhirimport.BundlePlan.PlannedPatient;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.model.Mrn;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * Which stored or new patient each patient of a Bundle is, and which patient each entry is about,
 * read before anything is written (reads through the directory, authorized and audited as searches
 * and reads). A patient whose MRN the tenant holds is that patient (idempotency by MRN); a new one
 * gets its id here, so that a transaction can announce it. An entry references a patient of the
 * Bundle (by {@code fullUrl} or {@code Patient/id}), a stored patient ({@code Patient/<the module's
 * id>}), or either by MRN identifier; anything else is refused ({@code PHR-400-21}).
 */
final class PatientResolution {
  private final MongoPatientDirectory directory;
  private final TenantId tenant;
  private final Map<String, PlannedPatient> byKey = new HashMap<>();
  private final Map<String, PlannedPatient> byMrn = new HashMap<>();
  private final Map<PlannedPatient, PatientId> ids = new IdentityHashMap<>();
  private final List<PlannedPatient> fresh = new ArrayList<>();
  private final Map<String, PatientId> stored = new HashMap<>();
  private final java.util.function.Function<String, PatientId> known;
  private static final java.util.function.Function<String, PatientId> NONE = r -> null;

  PatientResolution(MongoPatientDirectory directory, BundlePlan plan, TenantId tenant) {
    this(directory, plan, tenant, NONE);
  }

  /**
   * As above, with the patients of earlier chunks of a bulk import: {@code known} answers the
   * patient a reference named there ({@code Patient/<source id>}), or null (ADR 40). The Bundle's
   * patients are not looked up by MRN first: all are registered as new, and the batch reports those
   * whose MRN is taken (a chunk imported again), which are then read ({@link #refresh}). One read
   * per chunk instead of one per patient, and the same outcome.
   */
  PatientResolution(
      MongoPatientDirectory directory,
      BundlePlan plan,
      TenantId tenant,
      java.util.function.Function<String, PatientId> known) {
    this.directory = directory;
    this.tenant = tenant;
    this.known = known;
    boolean bulk = known != NONE;
    for (PlannedPatient p : plan.patients) {
      String mrn = p.data().mrn().value();
      PlannedPatient first = byMrn.putIfAbsent(mrn, p);
      p.keys().forEach(k -> byKey.put(k, p));
      if (first != null) {
        ids.put(p, ids.get(first));
        continue;
      }
      PatientId existing = bulk ? null : storedByMrn(p.data().mrn());
      if (existing == null) {
        ids.put(p, PatientId.random());
        fresh.add(p);
      } else {
        ids.put(p, existing);
      }
    }
  }

  /** The patients of the Bundle to register, each MRN once. */
  List<PlannedPatient> fresh() {
    return fresh;
  }

  /** The id of the Bundle's patient {@code p}. */
  PatientId id(PlannedPatient p) {
    return ids.get(p);
  }

  /** Reads again the id of {@code p}, registered by someone else meanwhile. */
  void refresh(PlannedPatient p) {
    PatientId id = storedByMrn(p.data().mrn());
    ids.replaceAll((q, old) -> q.data().mrn().equals(p.data().mrn()) ? id : old);
  }

  /** The patient entry {@code e} is about. */
  PatientId subject(PlannedEntry e) {
    Reference ref = e.subject();
    if (ref.hasReference()) {
      String r = ref.getReference();
      PlannedPatient p = byKey.get(r);
      if (p != null) {
        return ids.get(p);
      }
      PatientId earlier = known.apply(r);
      if (earlier != null) {
        return earlier;
      }
      if (r.startsWith("Patient/")) {
        PatientId id = storedById(r.substring("Patient/".length()));
        if (id != null) {
          return id;
        }
      }
    } else if (ref.hasIdentifier()) {
      Identifier i = ref.getIdentifier();
      if (i.hasSystem() && i.getSystem().startsWith(FhirSystems.MRN)) {
        if (!i.getSystem().equals(FhirSystems.MRN)
            && !i.getSystem().equals(FhirSystems.mrn(tenant))) {
          throw new ImportRefusal(
              ErrorCode.FHIR_FOREIGN_IDENTIFIER, -1, e.type() + ".subject.identifier");
        }
        PlannedPatient p = byMrn.get(i.getValue());
        if (p != null) {
          return ids.get(p);
        }
        PatientId id = mrn(i.getValue());
        if (id != null) {
          return id;
        }
      }
    }
    throw new ImportRefusal(ErrorCode.FHIR_BAD_REFERENCE, -1, e.type() + ".subject");
  }

  private PatientId mrn(String value) {
    try {
      return storedByMrn(new Mrn(value));
    } catch (InvalidInputException e) {
      return null;
    }
  }

  private PatientId storedByMrn(Mrn mrn) {
    return stored.computeIfAbsent(
        "mrn:" + mrn.value(),
        k -> {
          try {
            return directory.findByMrn(mrn).id();
          } catch (NotFoundException e) {
            return null;
          }
        });
  }

  private PatientId storedById(String value) {
    return stored.computeIfAbsent(
        "id:" + value,
        k -> {
          try {
            PatientId id = new PatientId(value);
            return directory.get(id).id();
          } catch (InvalidInputException | NotFoundException e) {
            return null;
          }
        });
  }
}
