package org.phirecords.internal.tenant;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.security.RolePermissions;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.GroupMapping;
import org.phirecords.model.MappingChange;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;

/** Dual control of group mappings that grant a PHI role (ADR 22), through the interceptor. */
class MappingApprovalTest {
  private static final TenantId T = new TenantId("tenant-dual");
  private static final Caller A = admin("admin-a", "it-admins");
  private static final Caller B = admin("admin-b", "it-admins", "helpdesk");

  private final StoreFixture fixture = new StoreFixture();
  private final MongoTenantSettings settings = fixture.tenantSettings();

  private static Caller admin(String subject, String... groups) {
    return new Caller(
        subject,
        Optional.of(T),
        Set.of(Role.TENANT_ADMIN),
        Optional.empty(),
        PurposeOfUse.OPERATIONS,
        "127.0.0.1",
        "https://idp.test",
        Set.of(groups));
  }

  @BeforeEach
  void onboard() {
    fixture.actAs(StoreFixture.staff(T.value(), Role.PLATFORM_ADMIN));
    fixture
        .intercepted(
            new MongoTenantRegistry(
                fixture.operations, fixture.collections, fixture.cipher, fixture.config))
        .create(StoreFixture.onboarding(T, "Dual Clinic", null));
    fixture.actAs(A);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private static GroupMapping mapping(Object... groupAndRoles) {
    Map<String, Set<Role>> groups = new java.util.TreeMap<>();
    for (int i = 0; i < groupAndRoles.length; i += 2) {
      groups.put((String) groupAndRoles[i], (Set<Role>) groupAndRoles[i + 1]);
    }
    return new GroupMapping(groups);
  }

  private static ErrorCode code(Throwable e) {
    return ((RecordsException) e).errorCode();
  }

  private Map<String, Set<Role>> stored() {
    return new TenantRepository(fixture.collections).find(T).orElseThrow().groupMapping();
  }

  private List<Document> audited(String outcome, String operation) {
    return fixture
        .collections
        .auditLog()
        .find(and(eq("outcome", outcome), eq("operation", operation)))
        .into(new java.util.ArrayList<>());
  }

  @Test
  void theRolesThatNeedApprovalAreThoseThatReadPhi() {
    assertThat(EnumSet.allOf(Role.class).stream().filter(RolePermissions::readsPhi))
        .containsExactlyInAnyOrder(Role.PHYSICIAN, Role.BILLING, Role.PATIENT);
  }

  @Test
  void aGrantOfAPhiRoleWaitsForASecondAdministratorWhoseApprovalAppliesIt() {
    GroupMapping inForce =
        settings.updateGroupMapping(
            mapping("Doctors", Set.of(Role.PHYSICIAN), "Auditors", Set.of(Role.PRIVACY_OFFICER)));
    assertThat(inForce.groups()).containsOnlyKeys("Auditors");
    assertThat(stored()).containsOnlyKeys("Auditors");
    List<MappingChange> pending = settings.mappingChanges();
    assertThat(pending).hasSize(1);
    MappingChange change = pending.get(0);
    assertThat(change.group()).isEqualTo("Doctors");
    assertThat(change.roles()).containsExactly(Role.PHYSICIAN);
    assertThat(change.requestedBy()).isEqualTo("admin-a");
    assertThat(change.expiresAt()).isAfter(Instant.now().plusSeconds(71 * 3600));

    assertThatThrownBy(() -> settings.approveMappingChange(change.id()))
        .extracting(MappingApprovalTest::code)
        .isEqualTo(ErrorCode.SECOND_APPROVER_REQUIRED);
    assertThat(audited("DENIED", "TenantSettings.approveMappingChange")).hasSize(1);
    assertThat(stored()).doesNotContainKey("Doctors");

    fixture.actAs(B);
    assertThat(settings.approveMappingChange(change.id()).groups())
        .containsEntry("Doctors", Set.of(Role.PHYSICIAN))
        .containsKey("Auditors");
    assertThat(stored()).containsEntry("Doctors", Set.of(Role.PHYSICIAN));
    assertThat(settings.mappingChanges()).isEmpty();
    assertThat(audited("SUCCESS", "TenantSettings.approveMappingChange")).hasSize(1);
    assertThatThrownBy(() -> settings.approveMappingChange(change.id()))
        .as("approved once")
        .extracting(MappingApprovalTest::code)
        .isEqualTo(ErrorCode.MAPPING_CHANGE_SUPERSEDED);
  }

  @Test
  void removalsAndRolesWithoutPhiApplyAtOnceAndLeavePendingGrantsOfOtherGroups() {
    settings.updateGroupMapping(mapping("Doctors", Set.of(Role.PHYSICIAN)));
    String id = settings.mappingChanges().get(0).id();
    fixture.actAs(B);
    settings.approveMappingChange(id);
    fixture.actAs(A);
    settings.updateGroupMapping(mapping("Billing", Set.of(Role.BILLING)));

    GroupMapping now = settings.updateGroupMapping(mapping("Admins", Set.of(Role.TENANT_ADMIN)));
    assertThat(now.groups()).containsOnlyKeys("Admins");
    assertThat(stored()).containsOnlyKeys("Admins");
    assertThat(settings.mappingChanges())
        .as("a group the request does not name keeps its pending change")
        .extracting(MappingChange::group)
        .containsExactly("Billing");
  }

  @Test
  void noAdministratorGivesTheirOwnGroupAPhiRoleByRequestOrApproval() {
    assertThatThrownBy(
            () -> settings.updateGroupMapping(mapping("it-admins", Set.of(Role.PHYSICIAN))))
        .extracting(MappingApprovalTest::code)
        .isEqualTo(ErrorCode.OWN_GROUP_PHI_ROLE);
    assertThat(settings.mappingChanges()).isEmpty();
    assertThat(audited("DENIED", "TenantSettings.updateGroupMapping")).hasSize(1);

    settings.updateGroupMapping(mapping("helpdesk", Set.of(Role.BILLING)));
    String id = settings.mappingChanges().get(0).id();
    fixture.actAs(B); // belongs to helpdesk
    assertThatThrownBy(() -> settings.approveMappingChange(id))
        .extracting(MappingApprovalTest::code)
        .isEqualTo(ErrorCode.OWN_GROUP_PHI_ROLE);
    assertThat(audited("DENIED", "TenantSettings.approveMappingChange")).hasSize(1);
    assertThat(stored()).doesNotContainKey("helpdesk");
  }

  @Test
  void aNewerRequestReplacesTheOlderOneOfTheSameGroup() {
    settings.updateGroupMapping(mapping("Doctors", Set.of(Role.PHYSICIAN)));
    String older = settings.mappingChanges().get(0).id();
    fixture.actAs(admin("admin-c"));
    settings.updateGroupMapping(mapping("Doctors", Set.of(Role.BILLING)));
    List<MappingChange> pending = settings.mappingChanges();
    assertThat(pending).extracting(MappingChange::requestedBy).containsExactly("admin-c");

    fixture.actAs(B);
    assertThatThrownBy(() -> settings.approveMappingChange(older))
        .extracting(MappingApprovalTest::code)
        .isEqualTo(ErrorCode.MAPPING_CHANGE_SUPERSEDED);
    assertThat(audited("CONFLICT", "TenantSettings.approveMappingChange")).hasSize(1);
    settings.approveMappingChange(pending.get(0).id());
    assertThat(stored()).containsEntry("Doctors", Set.of(Role.BILLING));
  }

  @Test
  void theRequesterWithdrawsAnotherRejectsAndExpiredChangesLapse() {
    settings.updateGroupMapping(mapping("Doctors", Set.of(Role.PHYSICIAN)));
    String withdrawn = settings.mappingChanges().get(0).id();
    assertThat(settings.withdrawMappingChange(withdrawn).groups()).as("unchanged").isEmpty();
    assertThat(settings.mappingChanges()).isEmpty();
    fixture.actAs(B);
    assertThatThrownBy(() -> settings.approveMappingChange(withdrawn))
        .extracting(MappingApprovalTest::code)
        .isEqualTo(ErrorCode.MAPPING_CHANGE_SUPERSEDED);
    assertThatThrownBy(() -> settings.approveMappingChange(MappingChange.newId()))
        .extracting(MappingApprovalTest::code)
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThatThrownBy(() -> settings.withdrawMappingChange("not-an-id"))
        .extracting(MappingApprovalTest::code)
        .isEqualTo(ErrorCode.INVALID_ID);

    fixture.actAs(A);
    settings.updateGroupMapping(mapping("Doctors", Set.of(Role.PHYSICIAN)));
    String lapsing = settings.mappingChanges().get(0).id();
    fixture
        .collections
        .tenantRegistry()
        .updateOne(
            eq("_id", T.value()),
            Updates.set(MappingApprovals.CHANGES + ".0.expiresAt", Date.from(Instant.now())));
    assertThat(settings.mappingChanges()).isEmpty();
    fixture.actAs(B);
    assertThatThrownBy(() -> settings.approveMappingChange(lapsing))
        .extracting(MappingApprovalTest::code)
        .isEqualTo(ErrorCode.MAPPING_CHANGE_SUPERSEDED);
    assertThat(stored()).doesNotContainKey("Doctors");
  }

  @Test
  void atMostAHundredChangesAwaitApproval() {
    for (int batch = 0; batch < 2; batch++) {
      Map<String, Set<Role>> groups = new java.util.TreeMap<>();
      for (int i = 0; i < 50; i++) {
        groups.put("g" + batch + "-" + i, Set.of(Role.BILLING));
      }
      settings.updateGroupMapping(new GroupMapping(groups));
    }
    assertThat(settings.mappingChanges()).hasSize(MappingApprovals.MAX_PENDING);
    assertThatThrownBy(
            () -> settings.updateGroupMapping(mapping("one-more", Set.of(Role.PHYSICIAN))))
        .extracting(MappingApprovalTest::code)
        .isEqualTo(ErrorCode.INVALID_FIELD);
    assertThat(settings.mappingChanges()).hasSize(MappingApprovals.MAX_PENDING);
  }
}
