package org.phirecords.internal.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.model.Address;
import org.phirecords.model.Mrn;
import org.phirecords.model.PatientData;

/** What the dataset's free-text scrubber removes (ADR 44), and that it is off unless enabled. */
class FreeTextScrubberTest {
  private static final PatientData OWN =
      new PatientData(
          new Mrn("MRN-77340"),
          "Quillon",
          "Vandermeer-Oxley",
          LocalDate.of(1950, 2, 3),
          "male",
          "912-44-7781",
          "MBR7Q2X9",
          new Address("48 Thistlewood Crescent", "Brackenfield", "IL", "62704", "US"),
          "(217) 555-0188",
          "quillon.v@example.invalid");

  @Test
  void removesThePatientsOwnIdentifiersInAnyCase() {
    String text =
        "QUILLON vandermeer-oxley (MRN-77340, SSN 912-44-7781, member MBR7Q2X9) lives at 48"
            + " Thistlewood Crescent, Brackenfield; mail quillon.v@example.invalid, call (217)"
            + " 555-0188. Oxley agreed.";
    String scrubbed = FreeTextScrubber.scrub(text, OWN);
    for (String gone :
        new String[] {
          "quillon",
          "vandermeer",
          "oxley",
          "77340",
          "912-44",
          "7781",
          "MBR7Q2X9",
          "Thistlewood",
          "Brackenfield",
          "example.invalid",
          "555-0188",
          "217"
        }) {
      assertThat(scrubbed.toLowerCase(java.util.Locale.ROOT))
          .as(gone)
          .doesNotContain(gone.toLowerCase(java.util.Locale.ROOT));
    }
    assertThat(scrubbed).contains("[NAME]").contains("[ID]").contains("agreed.");
  }

  @Test
  void removesDatesNumbersContactsUrlsAndTitledNames() {
    String text =
        "Seen 2025-03-17 and on 3/18/2025, again March 19, 2025 and 20 Mar 2025, since June 2024."
            + " Dr. Marchetti at https://clinic.example.invalid/x?id=1 or www.example.invalid,"
            + " ward 4411, host 10.1.2.3, fax +1 217 555 0199, e-mail a.b@c.example."
            + " Ref AB12CD34. HbA1c 7.2 stable.";
    String scrubbed = FreeTextScrubber.scrub(text, OWN);
    assertThat(scrubbed)
        .doesNotContain("2025")
        .doesNotContain("2024")
        .doesNotContain("3/18")
        .doesNotContain("March 19")
        .doesNotContain("20 Mar")
        .doesNotContain("Marchetti")
        .doesNotContain("clinic.example")
        .doesNotContain("www.")
        .doesNotContain("4411")
        .doesNotContain("10.1.2.3")
        .doesNotContain("555")
        .doesNotContain("a.b@c")
        .doesNotContain("AB12CD34")
        .contains("[DATE]")
        .contains("[URL]")
        .contains("[EMAIL]")
        .contains("[IP]")
        .contains("[PHONE]")
        .contains("[NUM]")
        .contains("7.2 stable.");
  }

  @Test
  void isOffUnlessTheTenantEnablesIt() {
    RecordsConfig none = new RecordsConfig(new MapConfig());
    assertThat(FreeTextScrubber.enabled(none, "t1")).isFalse();
    RecordsConfig on =
        new RecordsConfig(
            new MapConfig().with("records.analytics.tenant.t1.free-text-scrubber", "true"));
    assertThat(FreeTextScrubber.enabled(on, "t1")).isTrue();
    assertThat(FreeTextScrubber.enabled(on, "t2")).isFalse();
  }
}
