package org.phirecords.admin.body;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.OneOf;
import org.phirecords.model.Sensitivity;

/**
 * Which sensitive categories physicians and billing are cleared for (ADR 26), tenant-wide and, in
 * {@code organisations} (optional, at most 100), for staff whose role holds only at an organisation
 * or below it; a category not listed stays hidden from the role. The patient always sees their own
 * entries; billing sees a cleared entry's codes without their display text.
 */
public record SensitiveClearances(
    @NotNull
        @Size(max = 6)
        @Schema(example = "[\"BEHAVIOURAL_HEALTH\",\"REPRODUCTIVE_HEALTH\",\"HIV\",\"GENETIC\"]")
        List<@NotNull @OneOf(names = Sensitivity.class, message = "unknown category") String>
            physician,
    @NotNull @Size(max = 6) @Schema(example = "[\"GENETIC\"]")
        List<@NotNull @OneOf(names = Sensitivity.class, message = "unknown category") String>
            billing,
    @Size(max = 100) List<@NotNull @Valid OrganisationClearance> organisations) {

  /** The categories cleared for physicians and billing at one organisation and below it. */
  public record OrganisationClearance(
      @NotNull
          @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}", message = "not an organisation id")
          @Schema(example = "behavioural-health")
          String organisation,
      @NotNull @Size(max = 6) @Schema(example = "[\"BEHAVIOURAL_HEALTH\"]")
          List<@NotNull @OneOf(names = Sensitivity.class, message = "unknown category") String>
              physician,
      @NotNull @Size(max = 6) @Schema(example = "[\"GENETIC\"]")
          List<@NotNull @OneOf(names = Sensitivity.class, message = "unknown category") String>
              billing) {}
}
