package org.phirecords.internal.export;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;

import org.bson.conversions.Bson;
import org.phirecords.security.Permission;

/**
 * What kind of job a document of {@code export_jobs} is: a FHIR bulk export (ADR 38, no {@code
 * kind} field) or a de-identified dataset (ADR 44, {@code kind: dataset}). Both share the job
 * record, lease, resumption, sealed parts, expiry and requester check; each finds only its own.
 *
 * @param name the stored {@code kind}, null for the bulk export
 * @param permission what the run's operation is authorized for
 * @param operation the name the run is audited under
 */
record ExportKind(String name, Permission permission, String operation) {
  static final String FIELD = "kind";

  static final ExportKind FHIR = new ExportKind(null, Permission.BULK_EXPORT, "BulkExport.run");
  static final ExportKind DATASET =
      new ExportKind("dataset", Permission.ANALYTICS_DATASET, "Datasets.run");

  /** The jobs of this kind. */
  Bson filter() {
    return name == null ? exists(FIELD, false) : eq(FIELD, name);
  }
}
