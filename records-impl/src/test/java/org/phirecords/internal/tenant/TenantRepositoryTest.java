package org.phirecords.internal.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.AlertSettings;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Role;

class TenantRepositoryTest {
  private static final TenantId T = new TenantId("tenant-repo");
  private final StoreFixture fixture = new StoreFixture();
  private final TenantRepository repository = new TenantRepository(fixture.collections);

  @AfterEach
  void close() {
    fixture.close();
  }

  private static TenantRegistration registration(TenantId id, String issuer) {
    return new TenantRegistration(
        id,
        "Repository Clinic",
        TenantStatus.ACTIVE,
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        "privacy@example.org",
        "us-east",
        "admin-1",
        Optional.of(
            new TenantRegistration.IdentityProvider(
                issuer, null, "https://idp.example.org/jwks", "portal")),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        TenantRegistration.Alerts.NONE,
        Optional.empty());
  }

  @Test
  void whatIsStoredReadsBackFieldByField() {
    TenantRegistration stored = registration(T, "https://idp.example.org");
    assertThat(repository.insert(stored)).isEqualTo(TenantRepository.Inserted.CREATED);
    repository.setGroupMapping(T, Map.of("doctors", EnumSet.of(Role.PHYSICIAN)));
    repository.setAuditRetentionYears(T, 8);
    repository.setAlerts(T, new AlertSettings(15, 40, 3, null, "Europe/Berlin"));

    TenantRegistration read = repository.find(T).orElseThrow();
    assertThat(read.toTenant()).isEqualTo(stored.toTenant());
    assertThat(read.firstAdmin()).isEqualTo("admin-1");
    assertThat(read.idp()).isEqualTo(stored.idp());
    assertThat(read.groupMapping()).isEqualTo(Map.of("doctors", Set.of(Role.PHYSICIAN)));
    assertThat(read.auditRetentionYears()).contains(8);
    assertThat(read.alerts().windowMinutes()).contains(15L);
    assertThat(read.alerts().workingHours())
        .as("working hours switched off is not the same as not set")
        .contains(Optional.empty());
    assertThat(read.alerts().zone()).contains("Europe/Berlin");
    assertThat(repository.findByIssuer("https://idp.example.org")).contains(read);
    assertThat(repository.standing(T))
        .contains(
            new TenantStatusLookup.Registration(
                TenantStatus.ACTIVE, Optional.of("https://idp.example.org")));
  }

  @Test
  void aSecondInsertTellsTheSameTenantFromATakenIssuer() {
    repository.insert(registration(T, "https://idp.example.org"));
    assertThat(repository.insert(registration(T, "https://other.example.org")))
        .isEqualTo(TenantRepository.Inserted.ALREADY_REGISTERED);
    assertThat(
            repository.insert(registration(new TenantId("tenant-two"), "https://idp.example.org")))
        .isEqualTo(TenantRepository.Inserted.ISSUER_TAKEN);
    assertThat(repository.page(java.util.Optional.empty(), 10))
        .extracting(TenantRegistration::id)
        .containsExactly(T);
  }

  @Test
  void transitionsHappenOnlyFromTheStatesAllowed() {
    repository.insert(registration(T, "https://idp.example.org"));
    assertThat(repository.transition(T, TenantStatus.SUSPENDED, TenantStatus.ACTIVE))
        .map(TenantRegistration::status)
        .contains(TenantStatus.SUSPENDED);
    assertThat(repository.startOffboarding(T, TenantStatus.ACTIVE))
        .as("the status is no longer the one expected")
        .isFalse();
    assertThat(repository.startOffboarding(T, TenantStatus.SUSPENDED)).isTrue();
    assertThat(repository.transition(T, TenantStatus.ACTIVE, TenantStatus.SUSPENDED)).isEmpty();
    assertThat(repository.markOffboarded(T, Instant.now()))
        .map(TenantRegistration::status)
        .contains(TenantStatus.OFFBOARDED);
  }

  @Test
  void compareAndSetChangesNothingOnceAFieldChangedSinceItWasRead() {
    repository.insert(registration(T, "https://idp.example.org"));
    List<String> fields = List.of("groupMapping", "auditRetentionYears");
    org.bson.Document absent = repository.fields(T, fields).orElseThrow();
    org.bson.Document eight = new org.bson.Document("auditRetentionYears", 8);
    assertThat(repository.compareAndSet(T, absent, eight)).isTrue();
    assertThat(repository.compareAndSet(T, absent, eight)).as("no longer absent").isFalse();
    org.bson.Document read = repository.fields(T, fields).orElseThrow();
    repository.setGroupMapping(T, Map.of("doctors", EnumSet.of(Role.PHYSICIAN)));
    org.bson.Document mapping =
        new org.bson.Document("groupMapping", List.of()).append("auditRetentionYears", 9);
    assertThat(repository.compareAndSet(T, read, mapping)).as("the mapping changed").isFalse();
    assertThat(repository.find(T).orElseThrow().auditRetentionYears()).contains(8);
    read = repository.fields(T, fields).orElseThrow();
    assertThat(repository.compareAndSet(T, read, mapping)).isTrue();
    assertThat(repository.find(T).orElseThrow().groupMapping()).isEmpty();
  }
}
