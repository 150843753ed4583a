package org.phirecords.internal.testing;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.phirecords.model.Address;
import org.phirecords.model.Mrn;
import org.phirecords.model.PatientData;

/** Synthetic people only: made-up values with a recognisable canary prefix. */
public final class People {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private People() {}

  /** A synthetic patient whose every value contains {@code CANARY}. */
  public static PatientData synthetic() {
    int n = SEQUENCE.incrementAndGet();
    return new PatientData(
        new Mrn("MRN-" + n),
        "CanaryGiven" + n,
        "CanaryFamily" + n,
        LocalDate.of(1970, 1, 1).plusDays(n),
        "female",
        "900-00-" + String.format("%04d", n),
        "MEMBER-CANARY-" + n,
        new Address("1 Canary Lane", "Springfield", "IL", "62704", "US"),
        "+1-555-0100",
        "canary" + n + "@example.invalid");
  }

  /** {@code count} different synthetic patients. */
  public static List<PatientData> synthetic(int count) {
    return Stream.generate(People::synthetic).limit(count).toList();
  }
}
