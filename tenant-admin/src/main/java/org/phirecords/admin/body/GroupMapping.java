package org.phirecords.admin.body;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How the groups of the tenant's identity provider map to roles (absent groups: none). */
@GroupMapping.UniqueGroups
public record GroupMapping(
    @Size(max = 100)
        @Schema(
            description = "each group once",
            example = "[{\"group\":\"clinicians\",\"roles\":[\"physician\"]}]")
        List<@Valid GroupRoles> groups) {

  /** Each group is listed once: else PHR-400-03 at the second one's {@code /groups/i/group}. */
  @Constraint(validatedBy = UniqueGroups.Validator.class)
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.RUNTIME)
  public @interface UniqueGroups {
    String message() default "listed twice";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks {@link UniqueGroups}. */
    class Validator implements ConstraintValidator<UniqueGroups, GroupMapping> {
      @Override
      public boolean isValid(GroupMapping mapping, ConstraintValidatorContext context) {
        if (mapping.groups() == null) {
          return true;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < mapping.groups().size(); i++) {
          String group = mapping.groups().get(i).group();
          if (group != null && !seen.add(group)) {
            context.disableDefaultConstraintViolation();
            context
                .buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                .addPropertyNode("groups")
                .addPropertyNode("group")
                .inIterable()
                .atIndex(i)
                .addConstraintViolation();
            return false;
          }
        }
        return true;
      }
    }
  }
}
