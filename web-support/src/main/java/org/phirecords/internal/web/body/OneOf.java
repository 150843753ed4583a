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
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * One of a fixed list of strings (case-sensitive): {@link #value()}, or the names of the constants
 * of {@link #names()} as given by their method {@link #by()}. Null is valid (absent). Published as
 * {@code enum}.
 */
@Documented
@Constraint(validatedBy = OneOf.Validator.class)
@Target({FIELD, METHOD, PARAMETER, TYPE_USE, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface OneOf {
  /** The allowed values. */
  String[] value() default {};

  /** An enum whose constants name the allowed values (instead of {@link #value()}). */
  Class<? extends Enum<?>> names() default None.class;

  /** The public no-argument method of {@link #names()}'s constants that gives each value. */
  String by() default "name";

  String message() default "must be one of the listed values";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** No enum: {@link #value()} lists the values. */
  enum None {}

  /** Checks {@link OneOf}. */
  class Validator implements ConstraintValidator<OneOf, String> {
    private List<String> values;

    /** The values {@code oneOf} allows, in order. */
    public static List<String> values(OneOf oneOf) {
      if (oneOf.names() == None.class) {
        return List.of(oneOf.value());
      }
      List<String> values = new ArrayList<>();
      try {
        for (Enum<?> constant : oneOf.names().getEnumConstants()) {
          values.add((String) constant.getClass().getMethod(oneOf.by()).invoke(constant));
        }
      } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("@OneOf(names, by) names no usable method", e);
      }
      return List.copyOf(values);
    }

    @Override
    public void initialize(OneOf oneOf) {
      values = values(oneOf);
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || values.contains(value);
    }
  }
}
