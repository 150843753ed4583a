package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.IsoDate;
import org.phirecords.internal.web.body.Text;

/** A lookup by family name and birth date. */
public record NameSearch(
    @NotNull @Text(max = 100) @Schema(example = "Synthetic") String familyName,
    @NotNull @IsoDate @Schema(example = "1980-04-02") String birthDate) {
  @Override
  public String toString() {
    return "NameSearch[***]";
  }
}
