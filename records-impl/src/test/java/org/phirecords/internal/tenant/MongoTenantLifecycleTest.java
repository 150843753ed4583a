package org.phirecords.internal.tenant;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.access.MongoPatientRights;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.link.MongoPatientLinks;
import org.phirecords.internal.organisation.MongoMemberships;
import org.phirecords.internal.organisation.MongoOrganisations;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.session.MongoSessionRevocation;
import org.phirecords.internal.session.RevocationCheck;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.EntryType;
import org.phirecords.model.OffboardingTicket;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationKind;
import org.phirecords.model.Patient;
import org.phirecords.model.Tenant;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;

class MongoTenantLifecycleTest {
  private static final TenantId T = new TenantId("tenant-off");
  private static final Caller SECOND_ADMIN =
      StoreFixture.staffNamed("second-admin", "tenant-off", Role.PLATFORM_ADMIN);
  private final StoreFixture fixture = new StoreFixture();
  private final MongoTenantRegistry registry =
      fixture.intercepted(
          new MongoTenantRegistry(
              fixture.operations, fixture.collections, fixture.cipher, fixture.config));
  private final MongoTenantLifecycle lifecycle =
      fixture.intercepted(
          new MongoTenantLifecycle(
              fixture.operations, fixture.collections, fixture.cipher, Duration.ZERO));
  private final MongoPatientDirectory directory = fixture.directory();

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
    fixture.actAs(SECOND_ADMIN);
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

    fixture.actAs(SECOND_ADMIN);
    assertThat(lifecycle.confirmOffboarding(T, ticket.confirmation()).status())
        .isEqualTo(TenantStatus.OFFBOARDED);
    assertThat(patients()).isZero();
    assertThat(fixture.cipher.currentKey(T)).isEmpty();
    assertThat(fixture.collections.auditLog().countDocuments(eq("tenantId", "tenant-off")))
        .isGreaterThan(4);
    assertThat(fixture.audit.verifier().verify("tenant-off", null, null).valid()).isTrue();
  }

  @Test
  void offboardingRemovesTheTenantsAnalyticsQueriesAndSavedOnesButKeepsTheirEvents() {
    fixture.actAs(StoreFixture.staff("tenant-off", Role.ANALYST));
    fixture
        .analytics(fixture.config)
        .query(
            new org.phirecords.model.AnalyticsQuery(
                "entries",
                List.of("month"),
                LocalDate.of(2025, 1, 1),
                LocalDate.of(2025, 12, 31),
                List.of(),
                List.of(),
                "HOPERAT"));
    assertThat(analyticsQueries()).isEqualTo(1);
    fixture
        .intercepted(
            new org.phirecords.internal.analytics.MongoSavedQueries(
                fixture.operations, fixture.config))
        .save(
            "Saved",
            new org.phirecords.model.AnalyticsQuery(
                "entries",
                List.of("month"),
                LocalDate.of(2025, 1, 1),
                LocalDate.of(2025, 12, 31),
                List.of(),
                List.of(),
                "HOPERAT"));
    fixture.actAs(StoreFixture.staff("tenant-off", Role.PLATFORM_ADMIN));
    String code = lifecycle.requestOffboarding(T).confirmation();
    fixture.actAs(SECOND_ADMIN);
    lifecycle.confirmOffboarding(T, code);
    assertThat(analyticsQueries()).isZero();
    assertThat(
            fixture
                .collections
                .forMaintenance(StoredCollection.ANALYTICS_SAVED_QUERIES, T)
                .count(new Document()))
        .isZero();
    assertThat(
            fixture
                .collections
                .auditLog()
                .countDocuments(
                    com.mongodb.client.model.Filters.and(
                        eq("tenantId", "tenant-off"), eq("resourceType", "ANALYTICS_QUERY"))))
        .isEqualTo(1);
  }

  private long analyticsQueries() {
    return fixture
        .collections
        .forMaintenance(StoredCollection.ANALYTICS_QUERIES, T)
        .count(new Document());
  }

  @Test
  void offboardingLeavesNoDocumentOfTheTenantOutsideTheAuditTrail() {
    MongoClinicalRecords clinical = fixture.clinical();
    MongoPatientRights rights = fixture.rights(directory, clinical, Clock.systemUTC());
    fixture.actAs(StoreFixture.staff("tenant-off", Role.PHYSICIAN));
    Patient patient = directory.create(People.synthetic());
    ClinicalEntry entry =
        clinical.create(
            patient.id(),
            new ClinicalData(
                EntryType.NOTE, List.of(), LocalDate.of(2026, 1, 5), "final", null, "Seen."));
    fixture.actAs(StoreFixture.patient("tenant-off", patient.id()));
    rights.requestAmendment(patient.id(), entry.id(), "Wrong date.");
    // A patient link (made by actAs above), an open invitation and a revoked session.
    fixture.actAs(StoreFixture.staff("tenant-off", Role.PHYSICIAN));
    fixture
        .intercepted(new MongoPatientLinks(fixture.operations, fixture.config))
        .invite(patient.id());
    RecordsConfig withIssuer =
        new RecordsConfig(new MapConfig().with("mp.jwt.verify.issuer", "https://platform.test"));
    fixture.actAs(StoreFixture.staff("tenant-off", Role.TENANT_ADMIN));
    fixture
        .intercepted(
            new MongoSessionRevocation(
                fixture.operations,
                fixture.collections,
                new RevocationCheck(withIssuer, fixture.collections),
                new TenantStatusLookup(fixture.collections),
                withIssuer))
        .revokeInTenant("user-gone");
    // An organisation, and the patient's membership of it (ADR 25).
    fixture
        .intercepted(new MongoOrganisations(fixture.operations))
        .create(
            new OrganisationId("client-1"), "Client 1", OrganisationKind.CLIENT, Optional.empty());
    // A grant at it (ADR 29).
    @SuppressWarnings("unchecked")
    jakarta.enterprise.event.Event<org.phirecords.internal.organisation.GrantsChanged> changed =
        org.mockito.Mockito.mock(jakarta.enterprise.event.Event.class);
    fixture
        .intercepted(
            new org.phirecords.internal.organisation.MongoGrants(
                fixture.operations, fixture.config, changed))
        .create(
            new org.phirecords.model.GrantPrincipal(
                org.phirecords.model.GrantPrincipal.Kind.GROUP, "claims"),
            Role.BILLING,
            Optional.of(new OrganisationId("client-1")));
    fixture.actAs(StoreFixture.staff("tenant-off", Role.PHYSICIAN));
    fixture
        .intercepted(new MongoMemberships(fixture.operations, fixture.freeText))
        .add(
            patient.id(),
            new OrganisationId("client-1"),
            Instant.now(),
            Optional.empty(),
            Optional.of("M-42"));
    fixture.actAs(StoreFixture.staff("tenant-off", Role.PLATFORM_ADMIN));
    assertThat(documentsOfTheTenant())
        .as("the inventory sees the tenant's data")
        .anyMatch(c -> c.contains("patient_links"))
        .anyMatch(c -> c.contains("patient_invitations"))
        .anyMatch(c -> c.contains("session_revocations"))
        .anyMatch(c -> c.contains("organisations"))
        .anyMatch(c -> c.contains("grants"))
        .anyMatch(c -> c.contains("memberships"));

    String code = lifecycle.requestOffboarding(T).confirmation();
    fixture.actAs(SECOND_ADMIN);
    lifecycle.confirmOffboarding(T, code);

    assertThat(documentsOfTheTenant()).isEmpty();
  }

  /**
   * Every document naming the tenant in every database of the data store, whatever collection it is
   * in (the registry entry, which keeps the tenant offboarded, aside), and its data keys.
   */
  private List<String> documentsOfTheTenant() {
    List<String> found = new ArrayList<>();
    try (MongoClient client = MongoClients.create(fixture.dataUri)) {
      for (String name : client.listDatabaseNames()) {
        MongoDatabase db = client.getDatabase(name);
        for (String collection : db.listCollectionNames()) {
          if (collection.equals(StoredCollection.TENANTS.collectionName())) {
            continue;
          }
          long count =
              db.getCollection(collection)
                  .countDocuments(
                      or(
                          eq("tenantId", T.value()),
                          regex("keyAltNames", "^(tenant|owner):" + T.value() + "(:|$)")));
          if (count > 0) {
            found.add(name + "." + collection + ": " + count);
          }
        }
      }
    }
    return found;
  }

  private MongoTenantLifecycle withCoolingOff(Duration coolingOff) {
    return fixture.intercepted(
        new MongoTenantLifecycle(
            fixture.operations, fixture.collections, fixture.cipher, coolingOff));
  }

  @Test
  void theAdministratorWhoRequestedAnOffboardingCannotApproveIt() {
    OffboardingTicket ticket = lifecycle.requestOffboarding(T);
    assertThatThrownBy(() -> lifecycle.confirmOffboarding(T, ticket.confirmation()))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.SECOND_APPROVER_REQUIRED);
    assertThat(patients()).isEqualTo(2);
    assertThat(fixture.cipher.currentKey(T)).isPresent();
    Document denied = fixture.collections.auditLog().find(eq("outcome", "DENIED")).first();
    assertThat(denied).isNotNull();
    assertThat(denied.getString("operation")).isEqualTo("TenantLifecycle.confirmOffboarding");
  }

  @Test
  void anApprovedOffboardingWaitsOutItsCoolingOffAndCanBeCancelledMeanwhile() {
    MongoTenantLifecycle cooling = withCoolingOff(Duration.ofHours(24));
    String code = cooling.requestOffboarding(T).confirmation();
    fixture.actAs(SECOND_ADMIN);
    Tenant approved = cooling.confirmOffboarding(T, code);
    assertThat(approved.status()).isEqualTo(TenantStatus.ACTIVE);
    assertThat(approved.offboardingAt())
        .isBetween(
            Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
    assertThatThrownBy(() -> cooling.confirmOffboarding(T, code))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.COOLING_OFF);
    assertThat(patients()).isEqualTo(2);

    assertThat(cooling.cancelOffboarding(T).offboardingAt()).isNull();
    assertThatThrownBy(() -> cooling.confirmOffboarding(T, code))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.CONFIRMATION_INVALID);
    assertThatThrownBy(() -> cooling.cancelOffboarding(T))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.TENANT_STATE);
    assertThat(patients()).isEqualTo(2);
  }

  @Test
  void onceTheCoolingOffIsOverTheSameCodeStartsTheOffboarding() {
    MongoTenantLifecycle cooling = withCoolingOff(Duration.ofHours(24));
    String code = cooling.requestOffboarding(T).confirmation();
    fixture.actAs(SECOND_ADMIN);
    cooling.confirmOffboarding(T, code);
    // A day later: the approval's time has come (and the code's own 15 minutes are long over).
    fixture
        .collections
        .tenantRegistry()
        .updateOne(
            eq("_id", T.value()),
            Updates.combine(
                Updates.set("offboarding.notBefore", Date.from(Instant.now().minusSeconds(1))),
                Updates.set("offboarding.expiresAt", Date.from(Instant.now().minusSeconds(1)))));
    assertThatThrownBy(() -> cooling.confirmOffboarding(T, "wrong"))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.CONFIRMATION_INVALID);
    assertThat(cooling.confirmOffboarding(T, code).status()).isEqualTo(TenantStatus.OFFBOARDED);
    assertThat(patients()).isZero();
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
