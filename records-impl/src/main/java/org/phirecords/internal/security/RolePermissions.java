package org.phirecords.internal.security;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.phirecords.audit.ResourceType;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.Role;

/**
 * The one table of what each role may do (invariant 2, docs/architecture.md). Physicians read and
 * write identity and clinical data; billing reads only the minimum-necessary billing view; patients
 * read their own record; privacy officers read audit data, not PHI; admins manage tenants, never
 * PHI.
 */
public final class RolePermissions {
  private static final Map<Role, Set<Permission>> GRANTS =
      Map.of(
          Role.PHYSICIAN,
          EnumSet.of(
              Permission.PATIENT_CREATE,
              Permission.PATIENT_READ,
              Permission.PATIENT_UPDATE,
              Permission.PATIENT_SEARCH,
              Permission.CLINICAL_CREATE,
              Permission.CLINICAL_READ,
              Permission.CLINICAL_UPDATE,
              Permission.RECORD_EXPORT,
              Permission.AMENDMENT_READ,
              Permission.AMENDMENT_DECIDE,
              Permission.PATIENT_LINK_MANAGE,
              Permission.PROXY_MANAGE,
              Permission.MEMBERSHIP_READ,
              Permission.MEMBERSHIP_WRITE,
              Permission.CARE_TEAM_READ,
              Permission.CARE_TEAM_WRITE,
              Permission.EMERGENCY_DECLARE,
              Permission.CLINICAL_DELETE,
              Permission.PATIENT_DELETE,
              Permission.PATIENT_MERGE,
              Permission.RECORD_IMPORT,
              Permission.BULK_EXPORT,
              Permission.DISCLOSURE_RECORD,
              Permission.DISCLOSURE_READ),
          Role.BILLING,
          EnumSet.of(Permission.BILLING_READ),
          Role.PATIENT,
          EnumSet.of(
              Permission.PATIENT_READ,
              Permission.CLINICAL_READ,
              Permission.ACCESS_HISTORY_READ,
              Permission.RECORD_EXPORT,
              Permission.AMENDMENT_REQUEST,
              Permission.AMENDMENT_READ,
              Permission.MEMBERSHIP_READ,
              Permission.CARE_TEAM_READ,
              Permission.PATIENT_LINK_OWN,
              Permission.DISCLOSURE_READ,
              Permission.DIRECTED_COPY,
              Permission.PROXY_OWN,
              Permission.PROXY_ACT),
          Role.PRIVACY_OFFICER,
          EnumSet.of(
              Permission.AUDIT_READ,
              Permission.INTEGRITY_CHECK,
              Permission.EMERGENCY_REVIEW,
              Permission.ANALYTICS_AUDIT_READ,
              Permission.ANALYTICS_RELINK_DECIDE),
          Role.TENANT_ADMIN,
          EnumSet.of(
              Permission.TENANT_SETTINGS,
              Permission.ANALYTICS_REBUILD,
              Permission.SESSION_REVOKE,
              Permission.ORGANISATION_READ,
              Permission.ORGANISATION_MANAGE,
              Permission.GRANT_READ,
              Permission.GRANT_MANAGE,
              Permission.INTEGRATION_EVENTS_READ),
          Role.PLATFORM_ADMIN,
          EnumSet.of(Permission.TENANT_MANAGE, Permission.PLATFORM_SESSION_REVOKE),
          Role.ANALYST,
          EnumSet.of(
              Permission.ANALYTICS_QUERY,
              Permission.ANALYTICS_DATASET,
              Permission.ANALYTICS_SAVED_QUERY));

  /** Never a system client's: break-glass, deciding who reads a record, analytics (ADR 43). */
  private static final Set<Permission> NEVER_SYSTEM =
      EnumSet.of(
          Permission.EMERGENCY_DECLARE,
          Permission.PATIENT_LINK_MANAGE,
          Permission.ANALYTICS_QUERY,
          Permission.PROXY_MANAGE,
          Permission.ANALYTICS_DATASET,
          Permission.ANALYTICS_SAVED_QUERY);

  /**
   * What a personal representative does acting for a patient (ADR 46): the patient's reads and
   * requests, the accounting of disclosures included (ADR 47), never deciding who else reads the
   * record (no directed copy).
   */
  private static final Set<Permission> AS_REPRESENTATIVE =
      EnumSet.of(
          Permission.PATIENT_READ,
          Permission.CLINICAL_READ,
          Permission.ACCESS_HISTORY_READ,
          Permission.RECORD_EXPORT,
          Permission.AMENDMENT_REQUEST,
          Permission.AMENDMENT_READ,
          Permission.MEMBERSHIP_READ,
          Permission.CARE_TEAM_READ,
          Permission.DISCLOSURE_READ);

  /** Held by an administrator's role, and what integration clients are for (ADR 35). */
  private static final Set<Permission> ALSO_SYSTEM = EnumSet.of(Permission.INTEGRATION_EVENTS_READ);

  /**
   * The most a system client may hold (ADR 39): what its scopes grant is cut to this. Derived from
   * the table so that a new permission falls on the right side: tenant-scoped, held by no
   * administrator's role (but {@link #ALSO_SYSTEM}), not the patient's own (held by patients but by
   * neither staff role that sees PHI), and not in {@link #NEVER_SYSTEM}.
   */
  private static final Set<Permission> SYSTEM_CEILING = systemCeiling();

  private RolePermissions() {}

  private static Set<Permission> systemCeiling() {
    Set<Permission> ceiling = EnumSet.noneOf(Permission.class);
    Set<Role> admins = EnumSet.of(Role.PRIVACY_OFFICER, Role.TENANT_ADMIN, Role.PLATFORM_ADMIN);
    for (Permission p : Permission.values()) {
      boolean admin =
          admins.stream().anyMatch(r -> GRANTS.get(r).contains(p)) && !ALSO_SYSTEM.contains(p);
      boolean patientsOwn =
          GRANTS.get(Role.PATIENT).contains(p)
              && !GRANTS.get(Role.PHYSICIAN).contains(p)
              && !GRANTS.get(Role.BILLING).contains(p);
      if (p.tenantScoped() && !admin && !patientsOwn && !NEVER_SYSTEM.contains(p)) {
        ceiling.add(p);
      }
    }
    return Set.copyOf(ceiling);
  }

  /** Whether a personal representative may use {@code permission} acting for a patient. */
  public static boolean asRepresentative(Permission permission) {
    return AS_REPRESENTATIVE.contains(permission);
  }

  /**
   * The permissions {@code role} grants; for {@link Role#SYSTEM}, the most a system client may
   * hold, of which each client holds what its scopes grant.
   */
  public static Set<Permission> of(Role role) {
    return role == Role.SYSTEM ? SYSTEM_CEILING : Set.copyOf(GRANTS.get(role));
  }

  /**
   * Whether {@code role} grants any permission that touches PHI: a group gains such a role only
   * with a second administrator's approval, never for the administrator's own group (ADR 22).
   */
  public static boolean readsPhi(Role role) {
    // The system role never comes from a group (ADR 39): no approval is about it.
    return role != Role.SYSTEM && GRANTS.get(role).stream().anyMatch(Permission::touchesPhi);
  }

  /**
   * Whether {@code role} may be granted at an organisation (ADR 29): it works with the tenant's
   * records (PHI, or the audit trail and integrity of them) inside one tenant. Not the patient
   * role, whose reach is the record linked to the user, nor the administrators' roles.
   */
  public static boolean grantable(Role role) {
    if (role == Role.SYSTEM) {
      return false;
    }
    Set<Permission> permissions = GRANTS.get(role);
    return role != Role.PATIENT
        && permissions.stream().allMatch(Permission::tenantScoped)
        && permissions.stream().anyMatch(RolePermissions::onRecords);
  }

  private static boolean onRecords(Permission permission) {
    return permission.touchesPhi()
        || permission.resourceType() == ResourceType.AUDIT_TRAIL
        || permission.resourceType() == ResourceType.RECORD_INTEGRITY
        || permission.resourceType() == ResourceType.ANALYTICS_QUERY
        || permission.resourceType() == ResourceType.ANALYTICS_DATASET;
  }

  /**
   * Whether {@code caller} holds the analyst role together with a role that reads PHI (ADR 43): the
   * projection's pseudonymous counts must not meet identified records in one caller.
   */
  public static boolean analystWithPhi(Caller caller) {
    return caller.has(Role.ANALYST)
        && caller.roles().stream().anyMatch(r -> r != Role.ANALYST && readsPhi(r));
  }

  /**
   * Whether any of the caller's roles grants {@code permission}; the system role only what the
   * client's scopes granted within the ceiling (ADR 39).
   */
  public static boolean grants(Caller caller, Permission permission) {
    return caller.roles().stream()
        .anyMatch(
            r ->
                r == Role.SYSTEM
                    ? SYSTEM_CEILING.contains(permission)
                        && caller.clientPermissions().contains(permission)
                    : GRANTS.get(r).contains(permission));
  }
}
