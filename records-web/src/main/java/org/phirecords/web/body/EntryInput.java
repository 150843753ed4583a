package org.phirecords.web.body;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.phirecords.internal.web.body.Codes;
import org.phirecords.internal.web.body.IsoDate;
import org.phirecords.internal.web.body.Text;
import org.phirecords.model.EntryType;
import org.phirecords.model.Sensitivity;

/** A clinical entry to record, or the new version of one. */
@EntryInput.CodedUnlessNote(payload = Codes.Missing.class)
public record EntryInput(
    @NotNull @Schema(description = "case-insensitive", example = "CONDITION") EntryType type,
    @Size(max = 20)
        @Schema(
            description = "at least one, except for a NOTE",
            example =
                "[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"E11.9\","
                    + "\"display\":\"Type 2 diabetes mellitus without complications\"}]")
        List<@Valid Code> codes,
    @NotNull @IsoDate(maxDaysAhead = 1) @Schema(example = "2026-01-15") String effectiveDate,
    @Text(max = 30) @Schema(example = "active") String status,
    @Valid Quantity value,
    @Text(max = 20_000) @Schema(example = "Synthetic note.") String text,
    @Schema(
            description =
                "case-insensitive; marks the entry sensitive: shown only to roles the tenant"
                    + " cleared for the category, and to the patient; absent: not sensitive",
            example = "BEHAVIOURAL_HEALTH")
        Sensitivity sensitivity) {

  @Override
  public String toString() {
    return "EntryInput[***]";
  }

  /**
   * Codes are required unless the entry is a note: with the {@link Codes.Missing} payload, {@code
   * PHR-400-04} at {@code /codes}.
   */
  @Constraint(validatedBy = CodedUnlessNote.Validator.class)
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  public @interface CodedUnlessNote {
    String message() default "is required unless the type is NOTE";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link CodedUnlessNote}. */
    class Validator implements ConstraintValidator<CodedUnlessNote, EntryInput> {
      @Override
      public boolean isValid(EntryInput entry, ConstraintValidatorContext context) {
        if (entry.type() == null
            || entry.type() == EntryType.NOTE
            || (entry.codes() != null && !entry.codes().isEmpty())) {
          return true;
        }
        context.disableDefaultConstraintViolation();
        context
            .buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
            .addPropertyNode("codes")
            .addConstraintViolation();
        return false;
      }
    }
  }
}
