package org.phirecords.service;

import java.util.List;
import org.phirecords.model.ExportFile;
import org.phirecords.model.ExportId;
import org.phirecords.model.ExportRequest;
import org.phirecords.model.ExportStatus;

/**
 * FHIR Bulk Data export (the HL7 Bulk Data Access IG's flow, ADR 38): a kick-off starts a
 * background job over every patient in the caller's reach (or a group: the members of an
 * organisation), writing one NDJSON file per resource type, encrypted at rest under the tenant's
 * key. Only the client that asked (same tenant, issuer and subject) sees the export; another caller
 * gets 404 like for a missing one. Files expire. Kick-off, every download and the delete are
 * audited, with ids and counts. Every operation needs {@code BULK_EXPORT}.
 */
public interface BulkExport {
  /** The resource types exported, in the order files are listed. */
  List<String> TYPES =
      List.of("Patient", "Encounter", "Condition", "Observation", "Procedure", "DocumentReference");

  /** The output format: newline-delimited FHIR JSON. */
  String NDJSON = "application/fhir+ndjson";

  /**
   * Validates {@code request} and starts the export in the background.
   *
   * @throws org.phirecords.error.InvalidInputException {@code PHR-400-31..33}
   * @throws org.phirecords.error.RecordsException {@code PHR-404-06} for an unknown group, {@code
   *     PHR-429-03} when the client runs as many exports as allowed
   */
  ExportStatus kickOff(ExportRequest request);

  /**
   * Where export {@code id} stands.
   *
   * @throws org.phirecords.error.RecordsException {@code PHR-404-05} (unknown, deleted or another
   *     client's), {@code PHR-410-05} (expired)
   */
  ExportStatus status(ExportId id);

  /**
   * The file of {@code type} of completed export {@code id}.
   *
   * @throws org.phirecords.error.RecordsException {@code PHR-404-05} as {@link #status}, also for a
   *     type without a file or an export not completed; {@code PHR-410-05} (expired)
   */
  ExportFile file(ExportId id, String type);

  /** Cancels export {@code id} if running and removes its files; {@code PHR-404-05} as above. */
  void delete(ExportId id);
}
