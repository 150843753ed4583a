package org.phirecords.security;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * Who is calling, as established from a verified token (never from request parameters).
 *
 * @param subject the token subject; an opaque user id, never a name
 * @param tenant the caller's tenant, absent only for platform administrators
 * @param roles the roles the caller holds
 * @param linkedPatient for patient users, the patient record that is their own
 * @param purposeOfUse why the caller uses PHI
 * @param clientAddress the network address the request came from, for the audit trail
 */
public record Caller(
    String subject,
    Optional<TenantId> tenant,
    Set<Role> roles,
    Optional<PatientId> linkedPatient,
    PurposeOfUse purposeOfUse,
    String clientAddress) {

  /** Checks presence and copies the role set. */
  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tenant, "tenant");
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    Objects.requireNonNull(linkedPatient, "linkedPatient");
    Objects.requireNonNull(purposeOfUse, "purposeOfUse");
    clientAddress = clientAddress == null ? "unknown" : clientAddress;
  }

  /** The caller of a request that could not be authenticated, for the audit trail. */
  public static Caller anonymous(String clientAddress) {
    return new Caller(
        "anonymous",
        Optional.empty(),
        Set.of(),
        Optional.empty(),
        PurposeOfUse.OPERATIONS,
        clientAddress);
  }

  /** Whether the caller holds {@code role}. */
  public boolean has(Role role) {
    return roles.contains(role);
  }
}
