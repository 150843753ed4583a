package org.phirecords.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OrganisedTenantShapeTest {
  @Test
  void aThousandOrganisationsAreTenClientsAHundredGroupsAndTheRestFacilities() {
    OrganisedTenant.Shape shape = OrganisedTenant.Shape.of(1000);
    assertThat(shape.clients()).isEqualTo(10);
    assertThat(shape.groups()).isEqualTo(100);
    assertThat(shape.facilities()).isEqualTo(890);
    assertThat(shape.total()).isEqualTo(1000);
  }

  @Test
  void theSmokesTwentyHaveEveryLevelAndAFacilityBelowEveryGroup() {
    OrganisedTenant.Shape shape = OrganisedTenant.Shape.of(20);
    assertThat(shape.total()).isEqualTo(20);
    assertThat(shape.clients()).isEqualTo(2);
    assertThat(shape.facilities()).isGreaterThanOrEqualTo(shape.groups());
    assertThatThrownBy(() -> OrganisedTenant.Shape.of(9))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFacilityLiesBelowItsGroupAndItsGroupsClientOnly() {
    OrganisedTenant.Shape shape = OrganisedTenant.Shape.of(1000);
    // Facility 123 is below group 23 (123 % 100), which is below client 3 (23 % 10).
    assertThat(shape.within(123, "facility", 123)).isTrue();
    assertThat(shape.within(123, "group", 23)).isTrue();
    assertThat(shape.within(123, "client", 3)).isTrue();
    assertThat(shape.within(123, "facility", 23)).isFalse();
    assertThat(shape.within(123, "group", 24)).isFalse();
    assertThat(shape.within(123, "client", 4)).isFalse();
  }
}
