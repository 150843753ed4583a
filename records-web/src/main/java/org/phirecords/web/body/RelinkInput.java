package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Text;

/**
 * A request to re-link research ids of one's own relinkable dataset (ADR 44), with its purpose.
 * Only the shape is checked here; the module refuses other ids and purposes with its own codes
 * (PHR-400-64, PHR-400-65).
 */
public record RelinkInput(
    @NotNull @Size(max = 32) @Schema(example = "AAAAAAAAAAAAAAAAAAAAAA") String datasetId,
    @NotNull @Size(max = 100) @Schema(example = "[\"BBBBBBBBBBBBBBBBBBBBBB\"]")
        List<@NotNull @Size(max = 32) String> researchIds,
    @NotNull @Text(max = 500) @Schema(example = "Recall for a synthetic study finding.")
        String purpose) {
  @Override
  public String toString() {
    return "RelinkInput[***]";
  }
}
