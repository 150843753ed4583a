package org.phirecords.model;

import java.math.BigDecimal;
import java.util.Objects;

/** A measured value with its UCUM unit, for observations. */
public record Quantity(BigDecimal value, String unit) {
  /** Requires a value; the unit may be empty for unit-less scores. */
  public Quantity {
    Objects.requireNonNull(value, "value");
    unit = unit == null ? "" : unit;
  }
}
