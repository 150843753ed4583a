package org.phirecords.internal.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A SMART Backend Services scope ({@code system/<type>.<interactions>}, ADR 39), in the SMART v2
 * form ({@code .cruds}: create, read, update, delete, search, each at most once and in that order)
 * or the v1 form ({@code .read} = {@code rs}, {@code .write} = {@code cud}, {@code .*} = all).
 * {@code *} as the type means every type. User, patient and launch scopes are not system scopes,
 * and v2 scopes narrowed by query parameters ({@code ?category=...}) are not honoured: the module
 * cannot apply the narrowing, so such a scope grants nothing (fail closed).
 *
 * @param type a FHIR resource type, or {@code *}
 * @param interactions a non-empty subset of {@code cruds}, in that order
 */
public record SmartScope(String type, String interactions) {
  /** Every interaction, in SMART v2 order. */
  static final String ALL = "cruds";

  private static final Pattern TYPE = Pattern.compile("\\*|[A-Z][A-Za-z]{0,63}");
  private static final Pattern V2 = Pattern.compile("c?r?u?d?s?");

  /** The scope {@code text} stands for, if it is a well-formed system scope. */
  public static Optional<SmartScope> parse(String text) {
    if (text == null || !text.startsWith("system/") || text.length() > 100) {
      return Optional.empty();
    }
    String rest = text.substring("system/".length());
    int dot = rest.lastIndexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    String type = rest.substring(0, dot);
    String what = rest.substring(dot + 1);
    if (!TYPE.matcher(type).matches()) {
      return Optional.empty();
    }
    String interactions =
        switch (what) {
          case "read" -> "rs";
          case "write" -> "cud";
          case "*" -> ALL;
          default -> !what.isEmpty() && V2.matcher(what).matches() ? what : null;
        };
    return interactions == null
        ? Optional.empty()
        : Optional.of(new SmartScope(type, interactions));
  }

  /**
   * The system scopes among a token's {@code scope} claim (space-separated, RFC 6749) or {@code
   * scp} list; anything else in them is ignored.
   */
  public static List<SmartScope> parseAll(Collection<String> scopes) {
    List<SmartScope> parsed = new ArrayList<>();
    for (String scope : scopes) {
      parse(scope).ifPresent(parsed::add);
    }
    return parsed;
  }

  /** The words of a space-separated {@code scope} claim. */
  public static Set<String> words(String claim) {
    Set<String> words = new LinkedHashSet<>();
    if (claim != null) {
      for (String w : claim.trim().split("\\s+")) {
        if (!w.isEmpty()) {
          words.add(w);
        }
      }
    }
    return words;
  }

  /** Whether any of {@code texts} looks like a system scope, well-formed or not. */
  public static boolean anySystem(Collection<String> texts) {
    return texts.stream().anyMatch(t -> t.startsWith("system/"));
  }

  /**
   * Whether this scope covers {@code interaction} on the row of {@code rowType}: a row of one type
   * by that type or {@code *}; a row of {@code *} (what only all-type access may give, such as a
   * bulk export) by {@code *} alone.
   */
  public boolean covers(String rowType, char interaction) {
    boolean typeMatches = type.equals("*") || (!rowType.equals("*") && type.equals(rowType));
    return typeMatches && interactions.indexOf(interaction) >= 0;
  }
}
