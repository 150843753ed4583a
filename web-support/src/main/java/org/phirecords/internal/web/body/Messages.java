package org.phirecords.internal.web.body;

import jakarta.validation.MessageInterpolator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fixed English texts for constraint violations, with the constraint's own attributes filled in
 * ({@code {max}}, {@code {value}}). The value validated is never part of a text (no expression
 * language), so a problem's detail never echoes what the client sent.
 */
final class Messages implements MessageInterpolator {
  private static final Map<String, String> STANDARD =
      Map.of(
          "{jakarta.validation.constraints.NotNull.message}", "is required",
          "{jakarta.validation.constraints.Size.message}", "must have a size of {min} to {max}",
          "{jakarta.validation.constraints.Min.message}", "must be at least {value}",
          "{jakarta.validation.constraints.Max.message}", "must be at most {value}",
          "{jakarta.validation.constraints.Pattern.message}", "is not of the required form");
  private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)\\}");

  @Override
  public String interpolate(String template, Context context) {
    String text = STANDARD.getOrDefault(template, template);
    Map<String, Object> attributes = context.getConstraintDescriptor().getAttributes();
    Matcher m = PARAMETER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object value = attributes.get(m.group(1));
      m.appendReplacement(
          out, Matcher.quoteReplacement(value == null ? m.group() : String.valueOf(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Override
  public String interpolate(String template, Context context, Locale locale) {
    return interpolate(template, context);
  }
}
