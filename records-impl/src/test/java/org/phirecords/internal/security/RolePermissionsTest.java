package org.phirecords.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.phirecords.security.Permission;
import org.phirecords.security.Role;

class RolePermissionsTest {
  @Test
  void billingReadsOnlyTheBillingViewAndWritesNothing() {
    assertThat(RolePermissions.of(Role.BILLING)).containsExactly(Permission.BILLING_READ);
  }

  @Test
  void noAdministrativeRoleTouchesPhi() {
    for (Role role : new Role[] {Role.TENANT_ADMIN, Role.PLATFORM_ADMIN, Role.PRIVACY_OFFICER}) {
      assertThat(RolePermissions.of(role)).noneMatch(Permission::touchesPhi);
    }
  }

  @Test
  void patientsReadAndExerciseTheirRightsOnlyOnTheirOwnRecord() {
    assertThat(RolePermissions.of(Role.PATIENT))
        .containsExactlyInAnyOrder(
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
            Permission.PROXY_ACT);
    var patient =
        org.phirecords.internal.testing.StoreFixture.patient(
            "t1", org.phirecords.model.PatientId.random());
    // Every PHI permission reaches the own record only; linking oneself and listing whom one acts
    // for (ADR 46) reach no PHI.
    assertThat(RolePermissions.of(Role.PATIENT))
        .filteredOn(Permission::touchesPhi)
        .hasSize(11)
        .allMatch(permission -> AccessScope.ownRecordOnly(patient, permission));
    assertThat(Permission.PATIENT_LINK_OWN.touchesPhi()).isFalse();
    assertThat(Permission.PROXY_ACT.touchesPhi()).isFalse();
  }

  @Test
  void onlyRolesWorkingWithTheTenantsRecordsCanBeGrantedAtAnOrganisation() {
    assertThat(java.util.Arrays.stream(Role.values()).filter(RolePermissions::grantable))
        .containsExactlyInAnyOrder(
            Role.PHYSICIAN, Role.BILLING, Role.PRIVACY_OFFICER, Role.ANALYST);
  }
}
