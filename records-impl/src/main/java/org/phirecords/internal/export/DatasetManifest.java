package org.phirecords.internal.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.phirecords.model.DatasetFile;
import org.phirecords.model.DatasetStatus;
import org.phirecords.model.ExportId;
import org.phirecords.model.ExportStatus;

/** A stored dataset job as its status (ADR 44), progress and stall as a bulk export's. */
final class DatasetManifest {
  private DatasetManifest() {}

  static DatasetStatus status(Document job, Instant now, ExportSettings settings) {
    ExportStatus base = ExportManifest.status(job, now, settings);
    Document downloaded = job.get("downloaded", Document.class);
    List<DatasetFile> files = new ArrayList<>();
    for (Document f : job.getList("output", Document.class, List.of())) {
      String name = f.getString("type");
      files.add(
          new DatasetFile(
              name,
              f.get("count", Number.class).longValue(),
              downloaded != null && downloaded.containsKey(name)));
    }
    return new DatasetStatus(
        new ExportId(job.getString(ExportRepository.ID)),
        base.state(),
        job.get("params", Document.class).getString("format"),
        base.transactionTime(),
        base.progress(),
        files,
        base.errors(),
        base.expiresAt());
  }

  /** The output entry of file {@code name}, or null if the dataset has none. */
  static Document file(Document job, String name) {
    return job.getList("output", Document.class, List.of()).stream()
        .filter(f -> f.getString("type").equals(name))
        .findFirst()
        .orElse(null);
  }

  /** Whether every file of the (completed) dataset was downloaded. */
  static boolean allDownloaded(Document job) {
    Document downloaded = job.get("downloaded", Document.class);
    return job.getList("output", Document.class, List.of()).stream()
        .allMatch(f -> downloaded != null && downloaded.containsKey(f.getString("type")));
  }
}
