package org.phirecords.internal.analytics;

import java.time.LocalDate;
import java.time.Period;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The generalisations of a Safe Harbor dataset (45 CFR 164.514(b)(2), ADR 44): of every date only
 * the year; ages in years with every age over 89 as {@code 90+} (and then no birth year, which
 * would give the age away); of an address only the state (a US two-letter code) and the ZIP3 (the
 * restricted areas as {@code 000}, {@link FactValues#zip3}); short coded words only where a value
 * could carry free text (status, unit). Everything else about a person is left out by the writer.
 */
public final class SafeHarbor {
  /** The age at and above which ages are grouped as one. */
  public static final int OLDEST_AGE = 90;

  private static final Pattern STATE = Pattern.compile("[A-Z]{2}");
  private static final Pattern WORD = Pattern.compile("[a-z][a-z-]{0,31}");
  private static final Pattern UNIT = Pattern.compile("[A-Za-z%/.\\[\\]{}*^0-9-]{1,16}");

  private SafeHarbor() {}

  /** The age of someone born {@code birth} on {@code at}: years, {@code 90+} above 89; or empty. */
  public static Optional<String> age(LocalDate birth, LocalDate at) {
    if (birth == null || birth.isAfter(at)) {
      return Optional.empty();
    }
    int years = Period.between(birth, at).getYears();
    return Optional.of(years >= OLDEST_AGE ? OLDEST_AGE + "+" : Integer.toString(years));
  }

  /** The birth year, only while the age on {@code at} is under 90; else empty. */
  public static Optional<Integer> birthYear(LocalDate birth, LocalDate at) {
    return age(birth, at).filter(a -> !a.endsWith("+")).map(a -> birth.getYear());
  }

  /** The year of {@code date}: the only date element kept. */
  public static int year(LocalDate date) {
    return date.getYear();
  }

  /** The ZIP3 of {@code postalCode}, {@code 000} for restricted areas; empty if not a US ZIP. */
  public static Optional<String> zip3(String postalCode) {
    return FactValues.zip3(postalCode);
  }

  /** A US state's two-letter code; empty for anything else (which could name a smaller place). */
  public static Optional<String> state(String state) {
    String upper = state == null ? "" : state.strip().toUpperCase(Locale.ROOT);
    return STATE.matcher(upper).matches() ? Optional.of(upper) : Optional.empty();
  }

  /** The sex as a short lower-case word, {@code unknown} otherwise. */
  public static String sex(String sex) {
    return FactValues.sex(sex);
  }

  /** A status of one lower-case word (as {@code final}); empty for anything else. */
  public static Optional<String> word(String value) {
    String lower = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    return WORD.matcher(lower).matches() ? Optional.of(lower) : Optional.empty();
  }

  /** A unit of measure of unit characters (UCUM-like, as {@code mmol/L}); empty otherwise. */
  public static Optional<String> unit(String unit) {
    String u = unit == null ? "" : unit.strip();
    return UNIT.matcher(u).matches() ? Optional.of(u) : Optional.empty();
  }
}
