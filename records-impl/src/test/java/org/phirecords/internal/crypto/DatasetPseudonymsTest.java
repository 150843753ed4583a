package org.phirecords.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Research ids (ADR 44): stable within a dataset, unrelated across datasets, not the id. */
class DatasetPseudonymsTest {
  @Test
  void anIdIsStableUnderOneKeyAndDiffersUnderAnother() {
    DatasetPseudonyms one = DatasetPseudonyms.under(DatasetPseudonyms.freshKey());
    DatasetPseudonyms other = DatasetPseudonyms.under(DatasetPseudonyms.freshKey());
    String id = "patient-0001";
    assertThat(one.of(id)).isEqualTo(one.of(id)).hasSize(22).doesNotContain(id);
    assertThat(one.of(id)).isNotEqualTo(other.of(id));
    assertThat(one.of(id)).isNotEqualTo(one.of("patient-0002"));
  }
}
