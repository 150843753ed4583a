package org.phirecords.internal.web.body;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.regex.Pattern;

/**
 * Free text of 1 to {@link #max()} characters: not blank, and no control characters but tab, line
 * feed and carriage return. Null is valid (absent): add {@code @NotNull} where the field is
 * required. Published as {@code minLength: 1}, {@code maxLength} and {@link #PATTERN}.
 */
@Documented
@Constraint(validatedBy = Text.Validator.class)
@Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface Text {
  /**
   * The rule as a regular expression that Java and ECMAScript (JSON Schema) read alike: not only
   * whitespace (Java's {@link String#isBlank()} set), and no C0 control character but {@code \t \n
   * \r}, nor DEL. The validator matches exactly this expression, the schema publishes it.
   */
  String PATTERN =
      "(?![\\t\\n\\r \\u1680\\u2000-\\u2006\\u2008-\\u200A\\u2028\\u2029\\u205F\\u3000]*$)"
          + "[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*";

  /** Maximum length in UTF-16 units ({@link String#length()}). */
  int max();

  String message() default "must be 1 to {max} characters, not blank, without control characters";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks {@link Text}. */
  class Validator implements ConstraintValidator<Text, String> {
    private static final Pattern FORM = Pattern.compile(PATTERN);
    private int max;

    @Override
    public void initialize(Text text) {
      max = text.max();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null
          || (!value.isEmpty() && value.length() <= max && FORM.matcher(value).matches());
    }
  }
}
