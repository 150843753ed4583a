package org.phirecords.service;

import java.util.List;
import java.util.Map;
import org.phirecords.model.ExportId;
import org.phirecords.model.RelinkId;
import org.phirecords.model.RelinkRequest;

/**
 * Re-linking research ids of a relinkable dataset to patient ids, approved by a privacy officer
 * (ADR 44). The dataset's requester asks for named research ids with a purpose; a privacy officer
 * other than the requester approves (all or some) or denies; the requester then receives the
 * approved ids' patient ids once, before the dataset expires. The dataset's key never leaves the
 * module; every step is audited with ids and counts only.
 */
public interface DatasetRelinks {
  /**
   * Asks to re-link {@code researchIds} of the caller's dataset {@code dataset}.
   *
   * @throws org.phirecords.error.InvalidInputException {@code PHR-400-64} (ids), {@code PHR-400-65}
   *     (purpose)
   * @throws org.phirecords.error.RecordsException {@code PHR-404-13} (no such dataset of the
   *     caller), {@code PHR-409-34} (not relinkable, or its key is gone)
   */
  RelinkRequest request(ExportId dataset, List<String> researchIds, String purpose);

  /** The tenant's requests awaiting a decision, oldest first (the privacy officer). */
  List<RelinkRequest> pending();

  /**
   * Approves (the {@code researchIds} of the request named, all when empty) or denies request
   * {@code id}.
   *
   * @throws org.phirecords.error.RecordsException {@code PHR-403-22} (the caller asked for it),
   *     {@code PHR-404-13}, {@code PHR-409-34} (already decided or expired)
   * @throws org.phirecords.error.InvalidInputException {@code PHR-400-64} (an id not asked for)
   */
  RelinkRequest decide(RelinkId id, boolean approve, List<String> researchIds);

  /**
   * The patient id of each approved research id found among the patients in reach, once, to the
   * requester.
   *
   * @throws org.phirecords.error.RecordsException {@code PHR-404-13} (unknown or another caller's),
   *     {@code PHR-409-34} (not approved, released already, or expired)
   */
  Map<String, String> release(RelinkId id);
}
