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
 * @param linkedPatient for patient users, the patient record linked to them by the module (ADR 17):
 *     set by the authorization check from the module's own link, never from a token claim; any
 *     value a resolver puts here is replaced
 * @param purposeOfUse why the caller uses PHI
 * @param clientAddress the network address the request came from, for the audit trail
 * @param issuer the token issuer that vouched for the subject ({@code ""} when a resolver names
 *     none): a subject is unique only within its issuer
 * @param groups the groups the token carried (empty when a resolver names none), so that an
 *     administrator cannot give their own groups a PHI role (ADR 22)
 * @param clientPermissions for a system client ({@link Role#SYSTEM}), the permissions its token's
 *     scopes grant under its tenant's settings (ADR 39); empty for every other caller, and ignored
 *     unless the caller holds the system role
 */
public record Caller(
    String subject,
    Optional<TenantId> tenant,
    Set<Role> roles,
    Optional<PatientId> linkedPatient,
    PurposeOfUse purposeOfUse,
    String clientAddress,
    String issuer,
    Set<String> groups,
    Set<Permission> clientPermissions) {

  /** Checks presence and copies the role, group and permission sets. */
  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tenant, "tenant");
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    Objects.requireNonNull(linkedPatient, "linkedPatient");
    Objects.requireNonNull(purposeOfUse, "purposeOfUse");
    clientAddress = clientAddress == null ? "unknown" : clientAddress;
    issuer = issuer == null ? "" : issuer;
    groups = groups == null ? Set.of() : Set.copyOf(groups);
    clientPermissions =
        clientPermissions == null || clientPermissions.isEmpty()
            ? Set.of()
            : Set.copyOf(EnumSet.copyOf(clientPermissions));
  }

  /** A caller that is not a system client. */
  public Caller(
      String subject,
      Optional<TenantId> tenant,
      Set<Role> roles,
      Optional<PatientId> linkedPatient,
      PurposeOfUse purposeOfUse,
      String clientAddress,
      String issuer,
      Set<String> groups) {
    this(
        subject,
        tenant,
        roles,
        linkedPatient,
        purposeOfUse,
        clientAddress,
        issuer,
        groups,
        Set.of());
  }

  /** A caller whose resolver names no groups. */
  public Caller(
      String subject,
      Optional<TenantId> tenant,
      Set<Role> roles,
      Optional<PatientId> linkedPatient,
      PurposeOfUse purposeOfUse,
      String clientAddress,
      String issuer) {
    this(subject, tenant, roles, linkedPatient, purposeOfUse, clientAddress, issuer, Set.of());
  }

  /** A caller whose resolver names no issuer. */
  public Caller(
      String subject,
      Optional<TenantId> tenant,
      Set<Role> roles,
      Optional<PatientId> linkedPatient,
      PurposeOfUse purposeOfUse,
      String clientAddress) {
    this(subject, tenant, roles, linkedPatient, purposeOfUse, clientAddress, "");
  }

  /** The same caller linked to {@code patient} (or to none). */
  public Caller withLinkedPatient(Optional<PatientId> patient) {
    return new Caller(
        subject,
        tenant,
        roles,
        patient,
        purposeOfUse,
        clientAddress,
        issuer,
        groups,
        clientPermissions);
  }

  /** The same caller with {@code newRoles} and {@code purpose}. */
  public Caller with(Set<Role> newRoles, PurposeOfUse purpose) {
    return new Caller(
        subject,
        tenant,
        newRoles,
        linkedPatient,
        purpose,
        clientAddress,
        issuer,
        groups,
        clientPermissions);
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
