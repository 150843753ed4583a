package org.phirecords.internal.fhirimport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;

/** A bulk chunk validated in slices answers what the whole Bundle would (ADR 40). */
class BundleValidationTest {
  private static final Set<Integer> INVALID = Set.of(3, 99, 100, 149, 236);

  /** {@code n} Conditions; those at {@link #INVALID} positions lack their subject. */
  private static String bundle(int n) {
    StringBuilder b =
        new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"fullUrl\":\"urn:uuid:")
          .append(java.util.UUID.nameUUIDFromBytes(("line" + i).getBytes()))
          .append("\",\"resource\":{\"resourceType\":\"Condition\",")
          .append(INVALID.contains(i) ? "" : "\"subject\":{\"reference\":\"Patient/p" + i + "\"},")
          .append("\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",")
          .append("\"code\":\"44054006\"}]},\"onsetDateTime\":\"2021-03-04\"},")
          .append("\"request\":{\"method\":\"POST\",\"url\":\"Condition\"}}");
    }
    return b.append("]}").toString();
  }

  @Test
  void slicesOverThreadsFindTheSameErrorsAtTheSamePositionsAsTheWholeBundle() {
    String json = bundle(237);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<ImportRefusal> whole = BundleValidation.errors(json);
      List<ImportRefusal> sliced = BundleValidation.sliced(json, 50, pool);
      assertThat(whole).extracting(ImportRefusal::entry).containsOnlyElementsOf(INVALID);
      assertThat(sliced)
          .extracting(ImportRefusal::entry)
          .containsExactlyInAnyOrderElementsOf(whole.stream().map(ImportRefusal::entry).toList());
      assertThat(sliced).extracting(ImportRefusal::code).containsOnly(ErrorCode.FHIR_INVALID);
      assertThat(sliced).extracting(ImportRefusal::entry).containsAll(INVALID);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBundleNoLargerThanASliceIsValidatedWhole() {
    String json = bundle(40);
    assertThat(BundleValidation.sliced(json, 50, Runnable::run))
        .extracting(ImportRefusal::entry)
        .containsExactlyInAnyOrderElementsOf(
            BundleValidation.errors(json).stream().map(ImportRefusal::entry).toList());
  }
}
