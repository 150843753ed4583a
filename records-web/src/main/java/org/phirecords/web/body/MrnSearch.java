package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A lookup by medical record number, in a body: PHI never goes into a URL. */
public record MrnSearch(
    @NotNull
        @Pattern(
            regexp = "[A-Za-z0-9-]{1,32}",
            message = "must be 1 to 32 letters, digits or dashes")
        @Schema(example = "DEMO-0001")
        String mrn) {
  @Override
  public String toString() {
    return "MrnSearch[***]";
  }
}
