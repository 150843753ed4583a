package org.phirecords.internal.analytics;

import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The generalised values of the analytics projection (ADR 43): 5-year age bands with 90 and over as
 * one, the month of an entry (never its day), the first three digits of a US ZIP code, with the
 * ZIP3 areas of 20,000 people or fewer (HHS guidance on Safe Harbor, 2000 census) as {@code 000}.
 */
public final class FactValues {
  /**
   * ZIP3 areas of 20,000 people or fewer, reported as {@code 000}: the table shipped with the
   * module ({@code restricted-zip3.txt}, which names its census source).
   */
  static final Set<String> SMALL_ZIP3 = restrictedZip3();

  private static final Pattern ZIP = Pattern.compile("(\\d{3})\\d{2}(-?\\d{4})?");
  private static final Pattern SEX = Pattern.compile("[a-z]{1,16}");

  private FactValues() {}

  private static Set<String> restrictedZip3() {
    try (var in = FactValues.class.getResourceAsStream("restricted-zip3.txt")) {
      if (in == null) {
        throw new IllegalStateException("restricted-zip3.txt is missing");
      }
      Set<String> zip3 =
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
              .lines()
              .map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .collect(java.util.stream.Collectors.toUnmodifiableSet());
      if (zip3.stream().anyMatch(z -> !z.matches("\\d{3}"))) {
        throw new IllegalStateException("restricted-zip3.txt holds a line that is no ZIP3");
      }
      return zip3;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The age band of someone born {@code birth} in the middle of {@code month}: {@code 0-4} to
   * {@code 85-89}, then {@code 90+}; {@code unknown} for a birth after it.
   */
  public static String ageBand(LocalDate birth, YearMonth month) {
    LocalDate at = month.atDay(15);
    if (birth == null || birth.isAfter(at)) {
      return "unknown";
    }
    int age = Period.between(birth, at).getYears();
    if (age >= 90) {
      return "90+";
    }
    int low = age / 5 * 5;
    return low + "-" + (low + 4);
  }

  /** The month of {@code date}, {@code yyyy-MM}. */
  public static String month(LocalDate date) {
    return YearMonth.from(date).toString();
  }

  /** The ZIP3 of a US {@code postalCode}, {@code 000} for small areas; empty if not a ZIP. */
  public static Optional<String> zip3(String postalCode) {
    if (postalCode == null) {
      return Optional.empty();
    }
    var m = ZIP.matcher(postalCode.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(SMALL_ZIP3.contains(m.group(1)) ? "000" : m.group(1));
  }

  /** The sex as a short lower-case word, {@code unknown} if absent or of another form. */
  public static String sex(String sex) {
    String lower = sex == null ? "" : sex.strip().toLowerCase(Locale.ROOT);
    return SEX.matcher(lower).matches() ? lower : "unknown";
  }
}
