package org.phirecords.internal.export;

import java.util.List;
import java.util.Optional;
import org.phirecords.internal.operation.Operation;
import org.phirecords.model.Patient;

/**
 * What one kind of export run writes for each patient ({@link ExportRun} pages, seals, renews the
 * lease and resumes): the FHIR resources of a bulk export, the generalised records of a dataset.
 */
interface ExportContent {
  /** The files it may write, in the order they are listed. */
  List<String> files();

  /** A line written at the start of a file (a CSV header), if any. */
  default Optional<String> header(String file) {
    return Optional.empty();
  }

  /** Whether each patient written is audited (a disclosure of PHI) or only the job. */
  boolean auditsEachPatient();

  /** Writes what of {@code p} goes into the files that still want it; how many lines. */
  int write(Patient p, Files out);

  /** The files of the run for the patient being written. */
  interface Files {
    /** Whether {@code file} is written and does not hold this patient yet (a resumed run). */
    boolean wants(String file);

    /** Appends {@code line} (no line break) to {@code file}. */
    void add(String file, String line);
  }

  /** Opens the content of {@code plan} within {@code op} (the run's operation). */
  interface Factory {
    ExportContent open(Operation op, ExportRun.Plan plan);
  }
}
