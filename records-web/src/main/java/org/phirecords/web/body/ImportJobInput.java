package org.phirecords.web.body;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A bulk import job's files (ADR 40): per file its resource type and how many chunks. */
public record ImportJobInput(@NotNull @Size(min = 1, max = 100) List<@Valid @NotNull File> files) {
  /** One NDJSON file: one resource type, uploaded in {@code chunks} numbered chunks. */
  public record File(
      @NotNull
          @Pattern(
              regexp = "Patient|Encounter|Condition|Observation|Procedure|DocumentReference",
              message = "must be a resource type the import takes")
          @Schema(example = "Patient")
          String type,
      @NotNull @Min(1) @Max(100000) @Schema(example = "3") Integer chunks) {}
}
