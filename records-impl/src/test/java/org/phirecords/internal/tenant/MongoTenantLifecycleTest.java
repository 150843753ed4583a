package org.phirecords.internal.tenant;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.OffboardingTicket;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Role;

class MongoTenantLifecycleTest {
  private static final TenantId T = new TenantId("tenant-off");
  private final StoreFixture fixture = new StoreFixture();
  private final MongoTenantRegistry registry =
      fixture.intercepted(
          new MongoTenantRegistry(
              fixture.operations, fixture.collections, fixture.cipher, fixture.config));
  private final MongoTenantLifecycle lifecycle =
      fixture.intercepted(
          new MongoTenantLifecycle(fixture.operations, fixture.collections, fixture.cipher));
  private final MongoPatientDirectory directory =
      fixture.intercepted(new MongoPatientDirectory(fixture.operations, fixture.protection));

  @BeforeEach
  void onboardWithPatients() {
    fixture.actAs(StoreFixture.staff("tenant-off", Role.PLATFORM_ADMIN));
    registry.create(StoreFixture.onboarding(T, "Offboarded Clinic", null));
    fixture.actAs(StoreFixture.staff("tenant-off", Role.PHYSICIAN));
    directory.create(People.synthetic());
    directory.create(People.synthetic());
    fixture.actAs(StoreFixture.staff("tenant-off", Role.PLATFORM_ADMIN));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private long patients() {
    return fixture.collections.forMaintenance(StoredCollection.PATIENTS, T).count(new Document());
  }

  @Test
  void suspensionIsReversibleAndOffboardedIsNot() {
    assertThat(lifecycle.suspend(T).status()).isEqualTo(TenantStatus.SUSPENDED);
    assertThat(lifecycle.suspend(T).status()).as("idempotent").isEqualTo(TenantStatus.SUSPENDED);
    assertThat(lifecycle.reactivate(T).status()).isEqualTo(TenantStatus.ACTIVE);
    OffboardingTicket ticket = lifecycle.requestOffboarding(T);
    lifecycle.confirmOffboarding(T, ticket.confirmation());
    assertThatThrownBy(() -> lifecycle.reactivate(T))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.TENANT_STATE);
    assertThat(registry.create(StoreFixture.onboarding(T, "Again", null)).status())
        .isEqualTo(TenantStatus.OFFBOARDED);
    assertThat(fixture.cipher.currentKey(T)).as("no new key for an offboarded tenant").isEmpty();
  }

  @Test
  void offboardingNeedsTheConfirmationThenShredsAndPurgesButKeepsTheTrail() {
    OffboardingTicket ticket = lifecycle.requestOffboarding(T);
    assertThatThrownBy(() -> lifecycle.confirmOffboarding(T, "wrong"))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.CONFIRMATION_INVALID);
    assertThat(patients()).isEqualTo(2);

    assertThat(lifecycle.confirmOffboarding(T, ticket.confirmation()).status())
        .isEqualTo(TenantStatus.OFFBOARDED);
    assertThat(patients()).isZero();
    assertThat(fixture.cipher.currentKey(T)).isEmpty();
    assertThat(fixture.collections.auditLog().countDocuments(eq("tenantId", "tenant-off")))
        .isGreaterThan(4);
    assertThat(fixture.audit.verifier().verify("tenant-off", null, null).valid()).isTrue();
  }

  @Test
  void aCrashedOffboardingResumesWithoutTheCode() {
    // The process died after the confirmation was accepted, before the purge.
    fixture
        .collections
        .tenantRegistry()
        .updateOne(eq("_id", T.value()), Updates.set("status", TenantStatus.OFFBOARDING.name()));
    assertThat(patients()).isEqualTo(2);
    assertThat(lifecycle.confirmOffboarding(T, null).status()).isEqualTo(TenantStatus.OFFBOARDED);
    assertThat(patients()).isZero();
  }
}
