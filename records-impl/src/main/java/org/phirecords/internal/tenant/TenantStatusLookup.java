package org.phirecords.internal.tenant;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.store.SharedLoads;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;

/**
 * Whether a tenant may act, and whether it has its own identity provider; and a tenant's
 * registration by its identity provider's issuer. Each is read from the registry at most once per
 * lease ({@code records.tenancy.status-cache-seconds}, default 5; 0: every request reads) on each
 * instance, so that requests pay no registry read: a suspension or offboarding stored by any
 * instance takes effect on this one for every request that starts more than the lease after it is
 * stored (ADR 31); a change this instance makes is read at its next request. What is absent is
 * never kept (a new tenant is known at its first request). Within one request the answer is read
 * once and reused (authentication and authorization agree).
 */
@ApplicationScoped
public class TenantStatusLookup {
  /** The lease unless configured. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(5);

  /** Most tenants (and issuers) kept at once; one forgotten is only read again. */
  static final int MAX_KEPT = 10_000;

  private TenantCollections collections;
  private ThisRequest thisRequest;
  private AsyncCache<String, Registration> standings;
  private AsyncCache<String, TenantRegistration> issuers;

  /** What one registry read says about a tenant. */
  public record Registration(TenantStatus status, Optional<String> ownIssuer) {}

  /** The registrations read during the current request (request-scoped, so never reused). */
  @RequestScoped
  public static class ThisRequest {
    private final Map<String, Registration> read = new HashMap<>();

    /** True; through the client proxy, throws when no request is active. */
    public boolean active() {
      return true;
    }

    /** What this request read of {@code tenant}, or null. */
    public Registration get(TenantId tenant) {
      return read.get(tenant.value());
    }

    /** Notes what this request read of {@code tenant}. */
    public void put(TenantId tenant, Registration registration) {
      read.put(tenant.value(), registration);
    }
  }

  /** For CDI. */
  protected TenantStatusLookup() {}

  /** Looks up in the registry of {@code collections}, on every call. */
  public TenantStatusLookup(TenantCollections collections) {
    this(collections, null);
  }

  /** Looks up in the registry of {@code collections}, once per request of {@code thisRequest}. */
  public TenantStatusLookup(TenantCollections collections, ThisRequest thisRequest) {
    this(collections, thisRequest, Duration.ZERO, Ticker.systemTicker());
  }

  /** As above, keeping what was read for the lease {@code config} sets. */
  @Inject
  public TenantStatusLookup(
      TenantCollections collections, ThisRequest thisRequest, RecordsConfig config) {
    this(collections, thisRequest, lease(config), Ticker.systemTicker());
  }

  /** As above, keeping what was read for {@code lease}, timed by {@code ticker} (tests). */
  public TenantStatusLookup(
      TenantCollections collections, ThisRequest thisRequest, Duration lease, Ticker ticker) {
    this.collections = collections;
    this.thisRequest = thisRequest;
    if (!lease.isZero()) {
      this.standings = leased(lease, ticker);
      this.issuers = leased(lease, ticker);
      collections.watchRegistry(this::forget);
    }
  }

  /** Forgets what was kept of {@code tenant}: this instance has just changed its entry. */
  void forget(TenantId tenant) {
    standings.synchronous().invalidate(tenant.value());
    issuers.synchronous().asMap().values().removeIf(r -> r.id().equals(tenant));
  }

  /** The lease {@code records.tenancy.status-cache-seconds} of {@code config}. */
  static Duration lease(RecordsConfig config) {
    Duration lease = config.seconds("records.tenancy.status-cache-seconds", DEFAULT_LEASE);
    if (lease.isNegative()) {
      throw new IllegalStateException("records.tenancy.status-cache-seconds must be >= 0");
    }
    return lease;
  }

  private static <V> AsyncCache<String, V> leased(Duration lease, Ticker ticker) {
    return Caffeine.newBuilder()
        .maximumSize(MAX_KEPT)
        .expireAfterWrite(lease)
        .ticker(ticker)
        .executor(Runnable::run)
        .buildAsync();
  }

  /**
   * The tenant whose own identity provider has {@code issuer}, if any: as read within the lease.
   * The request then reuses its status.
   */
  public Optional<TenantRegistration> byIssuer(String issuer) {
    Optional<TenantRegistration> found =
        issuers == null
            ? new TenantRepository(collections).findByIssuer(issuer)
            : Optional.ofNullable(
                SharedLoads.get(
                    issuers,
                    issuer,
                    () -> new TenantRepository(collections).findByIssuer(issuer).orElse(null)));
    found.ifPresent(this::readDuringThisRequest);
    return found;
  }

  /** The lifecycle state of {@code tenant}, empty if it is not registered. */
  public Optional<TenantStatus> status(TenantId tenant) {
    return registration(tenant).map(Registration::status);
  }

  /** The registration of {@code tenant}, empty if it is not registered. */
  public Optional<Registration> registration(TenantId tenant) {
    ThisRequest memo = memo();
    Registration known = memo == null ? null : memo.get(tenant);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Registration> read = read(tenant);
    if (memo != null) {
      read.ifPresent(r -> memo.put(tenant, r));
    }
    return read;
  }

  /**
   * Notes {@code registration}, which the caller has just read in full (authentication by a
   * tenant's own issuer), so this request does not read it again.
   */
  public void readDuringThisRequest(TenantRegistration registration) {
    ThisRequest memo = memo();
    if (memo != null) {
      memo.put(
          registration.id(), new Registration(registration.status(), registration.ownIssuer()));
    }
  }

  private Optional<Registration> read(TenantId tenant) {
    if (standings == null) {
      return new TenantRepository(collections).standing(tenant);
    }
    return Optional.ofNullable(
        SharedLoads.get(
            standings,
            tenant.value(),
            () -> new TenantRepository(collections).standing(tenant).orElse(null)));
  }

  /** This request's registrations; null outside a request (a background task): every call reads. */
  private ThisRequest memo() {
    if (thisRequest == null) {
      return null;
    }
    try {
      return thisRequest.active() ? thisRequest : null;
    } catch (ContextNotActiveException noRequest) {
      return null;
    }
  }
}
