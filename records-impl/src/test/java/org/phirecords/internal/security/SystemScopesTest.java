package org.phirecords.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;
import org.phirecords.security.RoleBounds;

class SystemScopesTest {
  @Test
  void smartV2AndV1FormsParseToTheSameInteractions() {
    assertThat(SmartScope.parse("system/Patient.rs")).contains(new SmartScope("Patient", "rs"));
    assertThat(SmartScope.parse("system/Patient.read")).contains(new SmartScope("Patient", "rs"));
    assertThat(SmartScope.parse("system/Patient.write")).contains(new SmartScope("Patient", "cud"));
    assertThat(SmartScope.parse("system/Patient.cruds"))
        .contains(new SmartScope("Patient", "cruds"));
    assertThat(SmartScope.parse("system/Patient.*")).contains(new SmartScope("Patient", "cruds"));
    assertThat(SmartScope.parse("system/*.rs")).contains(new SmartScope("*", "rs"));
    assertThat(SmartScope.parse("system/Observation.c"))
        .contains(new SmartScope("Observation", "c"));
  }

  @Test
  void userPatientRestrictedAndMalformedScopesAreNotSystemScopes() {
    for (String s :
        List.of(
            "user/Patient.rs",
            "patient/*.read",
            "launch",
            "openid",
            "system/Patient.sr",
            "system/Patient.rr",
            "system/Patient.",
            "system/Patient",
            "system/.rs",
            "system/patient.rs",
            "system/Observation.rs?category=laboratory",
            "system/Patient.x",
            "system/" + "A".repeat(100) + ".rs")) {
      assertThat(SmartScope.parse(s)).as(s).isEmpty();
    }
    assertThat(SmartScope.words("  openid system/Patient.rs\tsystem/*.read "))
        .containsExactly("openid", "system/Patient.rs", "system/*.read");
  }

  @Test
  void scopesMapToPermissionsThroughTheTableAndTheTenantsAllowance() {
    Map<String, Set<Permission>> table = SystemScopes.table(Map.of());
    assertThat(granted("system/Patient.rs", "system/Patient.rs", table))
        .containsExactlyInAnyOrder(Permission.PATIENT_READ, Permission.PATIENT_SEARCH);
    assertThat(granted("system/Observation.read", "system/*.read", table))
        .containsExactly(Permission.CLINICAL_READ);
    // The token asks for everything; the tenant allows the client Patient reads only.
    assertThat(granted("system/*.cruds", "system/Patient.rs", table))
        .containsExactlyInAnyOrder(Permission.PATIENT_READ, Permission.PATIENT_SEARCH);
    assertThat(granted("system/*.cruds", "system/*.cruds", table))
        .containsExactlyInAnyOrder(
            Permission.PATIENT_CREATE,
            Permission.PATIENT_READ,
            Permission.PATIENT_UPDATE,
            Permission.PATIENT_SEARCH,
            Permission.PATIENT_DELETE,
            Permission.CLINICAL_CREATE,
            Permission.CLINICAL_READ,
            Permission.CLINICAL_UPDATE,
            Permission.CLINICAL_DELETE,
            Permission.RECORD_IMPORT,
            Permission.BULK_EXPORT,
            Permission.INTEGRATION_EVENTS_READ);
    // A tenant's own rows replace the module's; an empty row removes one; a *-row needs *.
    Map<String, Set<Permission>> own =
        SystemScopes.table(
            Map.of(
                "Patient.s", Set.of(),
                "*.r", Set.of(Permission.RECORD_EXPORT)));
    assertThat(granted("system/Patient.rs", "system/*.rs", own))
        .containsExactly(Permission.PATIENT_READ);
    assertThat(granted("system/*.rs", "system/*.rs", own)).contains(Permission.RECORD_EXPORT);
    assertThat(granted("system/*.rs", "system/Patient.rs", own))
        .doesNotContain(Permission.RECORD_EXPORT);
  }

  @Test
  void aClientNeverHoldsAdminPortalOrBreakGlassPowersWhateverARowSays() {
    Set<Permission> never =
        EnumSet.of(
            Permission.TENANT_SETTINGS,
            Permission.TENANT_MANAGE,
            Permission.SESSION_REVOKE,
            Permission.PLATFORM_SESSION_REVOKE,
            Permission.GRANT_MANAGE,
            Permission.GRANT_READ,
            Permission.ORGANISATION_MANAGE,
            Permission.ORGANISATION_READ,
            Permission.AUDIT_READ,
            Permission.INTEGRITY_CHECK,
            Permission.EMERGENCY_DECLARE,
            Permission.EMERGENCY_REVIEW,
            Permission.PATIENT_LINK_MANAGE,
            Permission.PATIENT_LINK_OWN,
            Permission.ACCESS_HISTORY_READ,
            Permission.AMENDMENT_REQUEST);
    for (Permission p : never) {
      assertThat(SystemScopes.allowed(p)).as(p.name()).isFalse();
    }
    // A row stored with such permissions (the settings refuse them; a store edit could not).
    Map<String, Set<Permission>> forged = SystemScopes.table(Map.of("Patient.r", never));
    assertThat(granted("system/*.cruds", "system/*.cruds", forged))
        .doesNotContainAnyElementsOf(never);
    // And a caller carrying them anyway is refused them by the role table.
    Caller client =
        new Caller(
            "ehr-sync",
            Optional.of(new TenantId("tenant-a")),
            Set.of(Role.SYSTEM),
            Optional.empty(),
            PurposeOfUse.OPERATIONS,
            "ip",
            "https://idp",
            Set.of(),
            EnumSet.allOf(Permission.class));
    for (Permission p : never) {
      assertThat(RolePermissions.grants(client, p)).as(p.name()).isFalse();
    }
    assertThat(RolePermissions.grants(client, Permission.PATIENT_READ)).isTrue();
    assertThat(RolePermissions.grantable(Role.SYSTEM)).isFalse();
  }

  @Test
  void theSystemRoleComesFromNoGroupAndIsHeldAlone() {
    assertThat(RoleBounds.violation(Set.of(Role.SYSTEM))).isPresent();
    assertThat(RoleBounds.platformViolation(Set.of(Role.SYSTEM))).isPresent();
    assertThatThrownBy(
            () -> new org.phirecords.model.GroupMapping(Map.of("robots", Set.of(Role.SYSTEM))))
        .isInstanceOf(RecordsException.class);
    assertThat(AccessDeniedException.outOfScope(Permission.PATIENT_CREATE).errorCode())
        .isEqualTo(ErrorCode.SYSTEM_SCOPE_MISSING);
  }

  private static Set<Permission> granted(
      String token, String allowed, Map<String, Set<Permission>> table) {
    return SystemScopes.granted(
        SmartScope.parseAll(SmartScope.words(token)),
        SmartScope.parseAll(SmartScope.words(allowed)),
        table);
  }
}
