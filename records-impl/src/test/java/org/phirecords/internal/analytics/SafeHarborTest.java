package org.phirecords.internal.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The Safe Harbor generalisations of ADR 44: ages over 89, the ZIP3 table, dates to the year. */
class SafeHarborTest {
  private static final LocalDate ON = LocalDate.of(2026, 6, 15);

  @Test
  void agesOver89AreOneGroupAndLoseTheirBirthYear() {
    assertThat(SafeHarbor.age(LocalDate.of(1936, 6, 16), ON)).contains("89");
    assertThat(SafeHarbor.birthYear(LocalDate.of(1936, 6, 16), ON)).contains(1936);
    assertThat(SafeHarbor.age(LocalDate.of(1936, 6, 15), ON)).contains("90+");
    assertThat(SafeHarbor.birthYear(LocalDate.of(1936, 6, 15), ON)).isEmpty();
    assertThat(SafeHarbor.age(LocalDate.of(1921, 1, 1), ON)).contains("90+");
    assertThat(SafeHarbor.age(LocalDate.of(1821, 1, 1), ON)).contains("90+");
    assertThat(SafeHarbor.birthYear(LocalDate.of(1821, 1, 1), ON)).isEmpty();
    assertThat(SafeHarbor.age(LocalDate.of(2026, 6, 16), ON)).as("born later").isEmpty();
    assertThat(SafeHarbor.age(null, ON)).isEmpty();
  }

  @Test
  void zipsKeepThreeDigitsAndTheRestrictedAreasBecome000() {
    assertThat(SafeHarbor.zip3("62704")).contains("627");
    assertThat(SafeHarbor.zip3("62704-1234")).contains("627");
    for (String small :
        new String[] {
          "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878",
          "879", "884", "890", "893"
        }) {
      assertThat(SafeHarbor.zip3(small + "01")).as(small).contains("000");
    }
    assertThat(FactValues.SMALL_ZIP3).as("the shipped table, whole").hasSize(17);
    assertThat(SafeHarbor.zip3("SW1A 1AA")).as("not a US ZIP").isEmpty();
    assertThat(SafeHarbor.zip3("1234")).isEmpty();
    assertThat(SafeHarbor.zip3(null)).isEmpty();
  }

  @Test
  void datesKeepTheYearOnly() {
    assertThat(SafeHarbor.year(LocalDate.of(2025, 3, 17))).isEqualTo(2025);
  }

  @Test
  void onlyAStateCodeAndShortCodedWordsPass() {
    assertThat(SafeHarbor.state("il")).contains("IL");
    assertThat(SafeHarbor.state("Springfield")).isEmpty();
    assertThat(SafeHarbor.word("Final")).contains("final");
    assertThat(SafeHarbor.word("seen by Dr Canary")).isEmpty();
    assertThat(SafeHarbor.unit("mmol/L")).contains("mmol/L");
    assertThat(SafeHarbor.unit("555-0100 call me")).isEmpty();
  }
}
