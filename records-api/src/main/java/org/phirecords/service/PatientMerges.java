package org.phirecords.service;

import org.phirecords.model.MergeId;
import org.phirecords.model.PatientId;
import org.phirecords.model.PatientMerge;

/**
 * Merging two registrations of one person, and undoing a mistaken merge within a set period (ADR
 * 36). Both need {@code PATIENT_MERGE}, both registrations in the caller's tenant and reach.
 */
public interface PatientMerges {
  /**
   * Merges {@code merged} (at {@code mergedVersion}) into {@code survivor} (at {@code
   * survivorVersion}). The merged registration then answers reads with the survivor ({@code
   * PHR-410-04}); the survivor's lists include its entries, their amendment requests and its access
   * history.
   *
   * @throws org.phirecords.error.NotFoundException if either is not in the caller's scope
   * @throws org.phirecords.error.VersionConflictException if a version is stale
   * @throws org.phirecords.error.RecordsException {@code PHR-409-19} if the two are one, or either
   *     is merged already, or the merged one has absorbed others
   */
  PatientMerge merge(
      PatientId survivor, long survivorVersion, PatientId merged, long mergedVersion);

  /**
   * Undoes merge {@code merge} into {@code survivor}: both answer as before.
   *
   * @throws org.phirecords.error.RecordsException {@code PHR-404-03} if there is no such merge in
   *     force, {@code PHR-409-20} once its undo period is over
   */
  PatientMerge undo(PatientId survivor, MergeId merge);
}
