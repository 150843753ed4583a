package org.phirecords.web.body;

import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Text;

/** A measured value with its UCUM unit. */
public record Quantity(
    @NotNull @Schema(example = "6.3") BigDecimal value,
    @Text(max = 30) @Schema(description = "UCUM unit; none for a score", example = "%")
        String unit) {}
