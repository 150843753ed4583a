package org.phirecords.internal.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phirecords.model.Address;
import org.phirecords.model.PatientData;

/**
 * The free-text scrubber a tenant may enable for its datasets (ADR 44; off by default, and then no
 * free text is written). In this order it replaces: the patient's own identifiers wherever they
 * occur, case-insensitively (each given and family name token, the MRN, SSN, member id, phone,
 * e-mail, the address line's words and the city) by {@code [NAME]}, {@code [ID]} or {@code
 * [ADDRESS]}; URLs ({@code [URL]}); e-mail addresses ({@code [EMAIL]}); IPv4 addresses ({@code
 * [IP]}); dates in ISO, numeric and month-name forms ({@code [DATE]}); phone-like runs of digits
 * with separators holding 7 digits or more ({@code [PHONE]}); a capitalised word after a title (Mr,
 * Mrs, Ms, Miss, Dr, Prof) ({@code [NAME]}); words mixing letters and digits of 5 characters or
 * more ({@code [ID]}); any other number of 3 digits or more ({@code [NUM]}). It does not find other
 * people's names without a title, places without a number, or identifiers spelled out in words:
 * enable it only where notes are known to be templated.
 */
public final class FreeTextScrubber {
  private static final String MONTH =
      "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          + "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";
  private static final List<Rule> RULES =
      List.of(
          new Rule("(?i)\\b(?:https?://|ftp://|www\\.)\\S+", "[URL]"),
          new Rule("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+", "[EMAIL]"),
          new Rule("\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b", "[IP]"),
          new Rule("\\b\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}\\b", "[DATE]"),
          new Rule("\\b\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{2,4}\\b", "[DATE]"),
          new Rule(
              "(?i)\\b" + MONTH + "\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{2,4})?\\b", "[DATE]"),
          new Rule("(?i)\\b\\d{1,2}(?:st|nd|rd|th)?\\s+" + MONTH + "(?:,?\\s+\\d{2,4})?", "[DATE]"),
          new Rule("(?i)\\b" + MONTH + ",?\\s+\\d{4}\\b", "[DATE]"),
          new Rule("\\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\\.?\\s+\\p{Lu}[\\p{L}'-]*", "[NAME]"));
  private static final Pattern PHONE = Pattern.compile("\\+?\\(?\\d[\\d\\s().-]{5,}\\d");
  private static final Pattern MIXED =
      Pattern.compile("\\b(?=[\\p{L}-]*\\d)(?=[\\d-]*\\p{L})[\\p{L}\\d-]{5,}\\b");
  private static final Pattern NUMBER = Pattern.compile("\\d{3,}");

  private record Rule(Pattern pattern, String replacement) {
    Rule(String regex, String replacement) {
      this(Pattern.compile(regex), replacement);
    }
  }

  private FreeTextScrubber() {}

  /**
   * Whether tenant {@code tenant} enabled the scrubber ({@code
   * records.analytics.tenant.<id>.free-text-scrubber}, false): if not, datasets hold no free text.
   */
  public static boolean enabled(
      org.phirecords.internal.config.RecordsConfig config, String tenant) {
    return config
        .value(AnalyticsSettings.PREFIX + "tenant." + tenant + ".free-text-scrubber")
        .map(v -> Boolean.parseBoolean(v.trim()))
        .orElse(false);
  }

  /** {@code text} scrubbed of what the class comment lists, for the patient {@code own}. */
  public static String scrub(String text, PatientData own) {
    String s = own == null ? text : ownIdentifiers(text, own);
    for (Rule r : RULES) {
      s = r.pattern().matcher(s).replaceAll(r.replacement());
    }
    s = phones(s);
    s = MIXED.matcher(s).replaceAll("[ID]");
    return NUMBER.matcher(s).replaceAll("[NUM]");
  }

  private static String phones(String s) {
    Matcher m = PHONE.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      long digits = m.group().chars().filter(Character::isDigit).count();
      m.appendReplacement(out, digits >= 7 ? "[PHONE]" : Matcher.quoteReplacement(m.group()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String ownIdentifiers(String text, PatientData p) {
    List<String[]> found = new ArrayList<>();
    words(p.givenName(), 2, "[NAME]", found);
    words(p.familyName(), 2, "[NAME]", found);
    whole(p.mrn() == null ? null : p.mrn().value(), "[ID]", found);
    whole(p.ssn(), "[ID]", found);
    whole(p.memberId(), "[ID]", found);
    whole(p.phone(), "[PHONE]", found);
    whole(p.email(), "[EMAIL]", found);
    Address a = p.address();
    if (a != null) {
      whole(a.line(), "[ADDRESS]", found);
      words(a.line(), 3, "[ADDRESS]", found);
      whole(a.city(), "[ADDRESS]", found);
      whole(a.postalCode(), "[ADDRESS]", found);
    }
    // Longest first, so that a whole value goes before the words in it.
    found.sort(Comparator.comparingInt((String[] f) -> f[0].length()).reversed());
    String s = text;
    for (String[] f : found) {
      s =
          Pattern.compile(
                  "(?<![\\p{L}\\d])" + Pattern.quote(f[0]) + "(?![\\p{L}\\d])",
                  Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
              .matcher(s)
              .replaceAll(Matcher.quoteReplacement(f[1]));
    }
    return s;
  }

  private static void whole(String value, String as, List<String[]> found) {
    if (value != null && !value.isBlank()) {
      found.add(new String[] {value.strip(), as});
    }
  }

  private static void words(String value, int min, String as, List<String[]> found) {
    if (value == null) {
      return;
    }
    for (String w : value.split("[^\\p{L}\\d']+")) {
      if (w.length() >= min && !w.toLowerCase(Locale.ROOT).matches("st|rd|ave|apt|the")) {
        found.add(new String[] {w, as});
      }
    }
  }
}
