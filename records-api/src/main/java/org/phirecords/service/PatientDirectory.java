package org.phirecords.service;

import java.time.LocalDate;
import org.phirecords.model.Mrn;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.PatientId;

/**
 * Identity data of patients in the caller's tenant. Every operation is scoped to the caller's
 * tenant (and, for patient users, to their own record), authorized and audited.
 */
public interface PatientDirectory {
  /**
   * Registers a patient. Needs {@code PATIENT_CREATE} held tenant-wide ({@code PHR-403-14}
   * otherwise: no one reaching below the tenant could see it).
   *
   * @throws org.phirecords.error.RecordsException with {@code DUPLICATE} if the MRN is taken
   */
  Patient create(PatientData data);

  /**
   * Registers a patient at {@code registeredAt} (ADR 27): the patient and a membership of it from
   * now, so that staff whose roles hold at that organisation, or above, see the record; the way for
   * callers whose {@code PATIENT_CREATE} holds at organisations only.
   *
   * @throws org.phirecords.error.RecordsException {@code PHR-404-02} for an organisation unknown or
   *     out of the caller's reach, {@code PHR-409-13} for one not active, {@code DUPLICATE} if the
   *     MRN is taken
   */
  Patient create(PatientData data, org.phirecords.model.OrganisationId registeredAt);

  /**
   * Registers a batch of patients at once (bulk loads, imports; ADR 34), each stored as {@link
   * #create} stores it, with a few store commands for the whole batch. Idempotent by MRN: an entry
   * whose MRN the tenant already holds (or an earlier entry of the batch holds) is reported already
   * present and changes nothing; the other entries still go in. Needs {@code PATIENT_CREATE} held
   * over the whole tenant, not narrowed to organisations or care teams ({@code PHR-403-14}).
   *
   * @throws org.phirecords.error.RecordsException {@code PHR-413-02} for more than {@link
   *     org.phirecords.model.PatientBatch#MAX_ENTRIES} entries
   */
  org.phirecords.model.PatientBatch createAll(java.util.List<PatientData> batch);

  /**
   * Reads a patient. Needs {@code PATIENT_READ}.
   *
   * @throws org.phirecords.error.NotFoundException if absent or outside the caller's scope
   */
  Patient get(PatientId id);

  /**
   * Replaces the identity data if {@code expectedVersion} is current. Needs {@code PATIENT_UPDATE}.
   *
   * @throws org.phirecords.error.VersionConflictException if the version is stale
   */
  Patient update(PatientId id, long expectedVersion, PatientData data);

  /**
   * Finds the patient with this MRN. Needs {@code PATIENT_SEARCH}.
   *
   * @throws org.phirecords.error.NotFoundException if there is none in the caller's tenant
   */
  Patient findByMrn(Mrn mrn);

  /**
   * One page of the patients with this family name (case, accents and spacing ignored) and birth
   * date, by patient id. Needs {@code PATIENT_SEARCH}. The server sees only deterministic
   * ciphertext of the pair; the cursor holds a patient id only, never the name or date.
   */
  Page<Patient> findByNameAndBirthDate(String familyName, LocalDate birthDate, PageRequest page);

  /**
   * Marks the registration entered-in-error (ADR 36): version {@code expectedVersion + 1}, hidden
   * from reads, searches and MRN look-ups, kept for audit and retention (its MRN stays taken). A
   * patient with entries not marked entered-in-error is refused ({@code PHR-409-18}): mark them
   * first, or merge the registration. Needs {@code PATIENT_DELETE}; audited as a delete.
   *
   * @return the new version
   * @throws org.phirecords.error.VersionConflictException if {@code expectedVersion} is stale
   */
  long enterInError(PatientId id, long expectedVersion);
}
