package org.phirecords.web.body;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Text;

/** A postal address (PHI); every part optional. */
public record Address(
    @Text(max = 200) @Schema(example = "101 Demo Street") String line,
    @Text(max = 100) @Schema(example = "Springfield") String city,
    @Text(max = 100) @Schema(example = "IL") String state,
    @Text(max = 20) @Schema(example = "62704") String postalCode,
    @Text(max = 2) @Schema(example = "US") String country) {
  @Override
  public String toString() {
    return "Address[***]";
  }
}
