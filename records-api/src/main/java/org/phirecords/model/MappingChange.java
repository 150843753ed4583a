package org.phirecords.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.phirecords.security.Role;

/**
 * A pending group-mapping change that grants a group a PHI role: it takes effect only once a second
 * tenant administrator approves it (dual control, ADR 22).
 *
 * @param id opaque id of the change, for approving or withdrawing it
 * @param group the identity provider's group
 * @param roles the roles the group is to hold once approved
 * @param requestedBy the subject of the administrator who requested it
 * @param requestedAt when it was requested
 * @param expiresAt when it lapses unless approved
 */
public record MappingChange(
    String id,
    String group,
    Set<Role> roles,
    String requestedBy,
    Instant requestedAt,
    Instant expiresAt) {
  /** Checks presence and copies the roles. */
  public MappingChange {
    requireId(id);
    Objects.requireNonNull(group, "group");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(requestedBy, "requestedBy");
    Objects.requireNonNull(requestedAt, "requestedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** A new random id (128 bits, URL-safe). */
  public static String newId() {
    return Ids.random();
  }

  /** {@code id} if it has the form of a change id; {@code PHR-400-05} otherwise. */
  public static String requireId(String id) {
    return Ids.requireMatch(id, Ids.OPAQUE, "changeId");
  }
}
