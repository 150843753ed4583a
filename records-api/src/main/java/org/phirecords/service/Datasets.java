package org.phirecords.service;

import java.util.List;
import org.phirecords.model.DatasetRequest;
import org.phirecords.model.DatasetStatus;
import org.phirecords.model.ExportFile;
import org.phirecords.model.ExportId;

/**
 * Safe Harbor de-identified datasets (45 CFR 164.514(b)(2), ADR 44): a background job writes the
 * patients in the caller's reach, every identifier removed or generalised and each person under a
 * pseudonym of this dataset only, as NDJSON or CSV files sealed under the tenant's key. Only the
 * requester (same tenant, issuer and subject) sees it; another caller gets {@code PHR-404-10}. Each
 * file is downloaded once ({@code PHR-410-07} afterwards) and expires. Every operation needs {@code
 * ANALYTICS_DATASET} (the analyst role) and is audited with ids and counts.
 */
public interface Datasets {
  /** The files of a dataset, in the order listed. */
  List<String> FILES = List.of("patients", "entries");

  /**
   * Validates {@code request} and starts building the dataset in the background.
   *
   * @throws org.phirecords.error.InvalidInputException {@code PHR-400-61..63}
   * @throws org.phirecords.error.RecordsException {@code PHR-409-31} when the caller builds as many
   *     datasets as allowed
   */
  DatasetStatus create(DatasetRequest request);

  /**
   * Where dataset {@code id} stands.
   *
   * @throws org.phirecords.error.RecordsException {@code PHR-404-10} (unknown, cancelled or another
   *     caller's), {@code PHR-410-07} (expired)
   */
  DatasetStatus status(ExportId id);

  /**
   * File {@code name} of completed dataset {@code id}, once.
   *
   * @throws org.phirecords.error.RecordsException {@code PHR-404-10} as {@link #status}, {@code
   *     PHR-409-30} while it runs, {@code PHR-410-07} once downloaded or expired
   */
  ExportFile download(ExportId id, String name);

  /** Cancels dataset {@code id} and removes its files and key; {@code PHR-404-10} as above. */
  void cancel(ExportId id);
}
