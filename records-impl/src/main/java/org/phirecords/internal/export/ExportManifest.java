package org.phirecords.internal.export;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.phirecords.model.ExportId;
import org.phirecords.model.ExportOutput;
import org.phirecords.model.ExportState;
import org.phirecords.model.ExportStatus;

/**
 * A stored job as its status (ADR 38): progress as a percentage of the patients in scope; a running
 * job not heard of for {@link ExportSettings#stalled()} (its instance ended) counts as failed.
 */
final class ExportManifest {
  private ExportManifest() {}

  static ExportStatus status(Document job, Instant now, ExportSettings settings) {
    ExportState state = ExportState.valueOf(job.getString(ExportRepository.STATE));
    List<String> errors = new ArrayList<>(job.getList("errors", String.class, List.of()));
    boolean stalled =
        state == ExportState.RUNNING
            && job.getDate(ExportRepository.HEARTBEAT)
                .toInstant()
                .isBefore(now.minus(settings.stalled()));
    if (stalled) {
      state = ExportState.FAILED;
      errors.add("The export stopped before it completed; start a new one.");
    }
    long done = job.get("done", Number.class).longValue();
    long total = job.get("total", Number.class).longValue();
    int progress =
        state == ExportState.COMPLETED
            ? 100
            : total == 0 ? 0 : (int) Math.min(99, done * 100 / total);
    List<ExportOutput> output = new ArrayList<>();
    for (Document f : job.getList("output", Document.class, List.of())) {
      output.add(new ExportOutput(f.getString("type"), f.get("count", Number.class).longValue()));
    }
    return new ExportStatus(
        new ExportId(job.getString(ExportRepository.ID)),
        state,
        job.getDate("transactionTime").toInstant(),
        job.getString("request"),
        progress,
        output,
        errors,
        state == ExportState.COMPLETED ? job.getDate(ExportRepository.EXPIRES).toInstant() : null);
  }
}
