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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * An ISO date {@code YYYY-MM-DD} from {@link #min()} to today plus {@link #maxDaysAhead()} days.
 * Null is valid (absent). Published as {@code format: date}, the range in the description.
 */
@Documented
@Constraint(validatedBy = IsoDate.Validator.class)
@Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface IsoDate {
  /** The earliest date accepted. */
  String min() default "1900-01-01";

  /** How many days after today are still accepted (0: not in the future). */
  int maxDaysAhead() default 0;

  String message() default "must be a date YYYY-MM-DD";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks {@link IsoDate}. */
  class Validator implements ConstraintValidator<IsoDate, String> {
    private LocalDate min;
    private int maxDaysAhead;

    @Override
    public void initialize(IsoDate date) {
      min = LocalDate.parse(date.min());
      maxDaysAhead = date.maxDaysAhead();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null) {
        return true;
      }
      LocalDate date;
      try {
        date = value.length() > 10 ? null : LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        date = null;
      }
      if (date == null) {
        return false;
      }
      LocalDate max = LocalDate.now().plusDays(maxDaysAhead);
      if (date.isBefore(min) || date.isAfter(max)) {
        context.disableDefaultConstraintViolation();
        context
            .buildConstraintViolationWithTemplate("must be between " + min + " and " + max)
            .addConstraintViolation();
        return false;
      }
      return true;
    }
  }
}
