package org.phirecords.internal.tenant;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Role;

/** The lease on a tenant's standing (ADR 31): no registry read per request, a stated bound. */
class TenantStatusLeaseTest {
  private static final TenantId T = new TenantId("tenant-lease");
  private static final String ISSUER = "https://idp.lease.test";
  private static final Duration LEASE = Duration.ofSeconds(5);

  private final StoreFixture fixture = new StoreFixture();
  private final TenantRepository repository = new TenantRepository(fixture.collections);
  private final AtomicLong nanos = new AtomicLong(1);
  private final Ticker ticker = nanos::get;

  @AfterEach
  void close() {
    fixture.close();
  }

  /** A lookup of another instance (its own lease), outside any request. */
  private TenantStatusLookup instance() {
    return new TenantStatusLookup(fixture.collections, null, LEASE, ticker);
  }

  private void pass(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  private void store(TenantStatus status) {
    fixture
        .collections
        .tenantRegistry()
        .updateOne(eq("_id", T.value()), set("status", status.name()));
  }

  @Test
  void aSuspensionStoredElsewhereTakesEffectWithinTheLeaseAndNotBefore() {
    repository.insert(registration());
    TenantStatusLookup lookup = instance();
    assertThat(lookup.status(T)).contains(TenantStatus.ACTIVE);

    store(TenantStatus.SUSPENDED);
    pass(LEASE.minusMillis(1));
    assertThat(lookup.status(T))
        .as("within the lease: no registry read")
        .contains(TenantStatus.ACTIVE);
    assertThat(lookup.byIssuer(ISSUER).map(TenantRegistration::status))
        .as("the issuer's registration was not read yet: read now")
        .contains(TenantStatus.SUSPENDED);
    pass(Duration.ofMillis(1));
    assertThat(lookup.status(T)).as("at the bound").contains(TenantStatus.SUSPENDED);

    store(TenantStatus.OFFBOARDED);
    assertThat(lookup.byIssuer(ISSUER).map(TenantRegistration::status))
        .contains(TenantStatus.SUSPENDED);
    pass(LEASE);
    assertThat(lookup.status(T)).contains(TenantStatus.OFFBOARDED);
    assertThat(lookup.byIssuer(ISSUER).map(TenantRegistration::status))
        .contains(TenantStatus.OFFBOARDED);
  }

  @Test
  void aChangeThisInstanceMakesIsReadAtItsNextRequest() {
    repository.insert(registration());
    TenantStatusLookup lookup = instance();
    assertThat(lookup.status(T)).contains(TenantStatus.ACTIVE);
    assertThat(lookup.byIssuer(ISSUER).map(TenantRegistration::groupMapping)).contains(Map.of());

    repository.setGroupMapping(T, Map.of("clinicians", Set.of(Role.PHYSICIAN)));
    assertThat(lookup.byIssuer(ISSUER).map(TenantRegistration::groupMapping))
        .as("the mapping this instance stored, within the lease")
        .contains(Map.of("clinicians", Set.of(Role.PHYSICIAN)));
    repository.transition(T, TenantStatus.SUSPENDED, TenantStatus.ACTIVE);
    assertThat(lookup.status(T)).contains(TenantStatus.SUSPENDED);

    store(TenantStatus.ACTIVE);
    assertThat(lookup.status(T))
        .as("a change stored behind the module's back waits for the bound")
        .contains(TenantStatus.SUSPENDED);
  }

  @Test
  void anUnknownTenantOrIssuerIsNotKeptSoANewOneIsKnownAtOnce() {
    TenantStatusLookup lookup = instance();
    assertThat(lookup.status(T)).isEmpty();
    assertThat(lookup.byIssuer(ISSUER)).isEmpty();
    repository.insert(registration());
    assertThat(lookup.status(T)).contains(TenantStatus.ACTIVE);
    assertThat(lookup.byIssuer(ISSUER).map(TenantRegistration::id)).contains(T);
  }

  @Test
  void theLeaseIsConfiguredAndZeroReadsOnEveryCall() {
    repository.insert(registration());
    assertThat(TenantStatusLookup.lease(new RecordsConfig(new MapConfig())))
        .isEqualTo(TenantStatusLookup.DEFAULT_LEASE);
    RecordsConfig none =
        new RecordsConfig(new MapConfig().with("records.tenancy.status-cache-seconds", "0"));
    TenantStatusLookup everyCall =
        new TenantStatusLookup(fixture.collections, null, TenantStatusLookup.lease(none), ticker);
    assertThat(everyCall.status(T)).contains(TenantStatus.ACTIVE);
    store(TenantStatus.SUSPENDED);
    assertThat(everyCall.status(T)).contains(TenantStatus.SUSPENDED);
  }

  private static TenantRegistration registration() {
    return new TenantRegistration(
        T,
        "Lease Clinic",
        TenantStatus.ACTIVE,
        Instant.now().truncatedTo(ChronoUnit.MILLIS),
        "privacy@example.org",
        "us-east",
        "admin-1",
        Optional.of(new TenantRegistration.IdentityProvider(ISSUER, null, ISSUER + "/jwks", "p")),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        TenantRegistration.Alerts.NONE,
        Optional.empty());
  }
}
