package org.phirecords.model;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.phirecords.error.InvalidInputException;
import org.phirecords.security.Role;
import org.phirecords.security.RoleBounds;

/**
 * How the groups of a tenant's identity provider map to module roles (and so to permissions, see
 * the role table in docs/api.md#roles). Bounded by {@link RoleBounds}: each group's roles must be a
 * combination one person may hold. Groups not listed grant nothing.
 *
 * @param groups group name to roles, at most 100 groups of 1 to 200 characters
 */
public record GroupMapping(Map<String, Set<Role>> groups) {
  /** Checks the bounds and copies. */
  public GroupMapping {
    if (groups == null) {
      throw InvalidInputException.missing("/groups");
    }
    if (groups.size() > 100) {
      throw InvalidInputException.invalid("/groups", "at most 100 groups");
    }
    Map<String, Set<Role>> copy = new TreeMap<>();
    groups.forEach(
        (group, roles) -> {
          if (group == null || group.isBlank() || group.length() > 200) {
            throw InvalidInputException.invalid("/groups", "group names have 1 to 200 characters");
          }
          if (roles == null || roles.isEmpty()) {
            throw InvalidInputException.invalid("/groups", "each group needs at least one role");
          }
          RoleBounds.violation(roles)
              .ifPresent(
                  why -> {
                    throw InvalidInputException.invalid("/groups", why);
                  });
          copy.put(group, Set.copyOf(roles));
        });
    groups = java.util.Collections.unmodifiableMap(copy);
  }

  /** No group grants anything. */
  public static GroupMapping none() {
    return new GroupMapping(Map.of());
  }
}
