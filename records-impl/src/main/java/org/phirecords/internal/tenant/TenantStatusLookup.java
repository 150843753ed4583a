package org.phirecords.internal.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;

/**
 * Whether a tenant may act, and whether it has its own identity provider. Read from the registry
 * once per request (one indexed lookup, shared by authentication and authorization), never cached
 * across requests: a suspension takes effect at once, on every instance, for every request that
 * starts after it is stored.
 */
@ApplicationScoped
public class TenantStatusLookup {
  private TenantCollections collections;
  private ThisRequest thisRequest;

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
  @Inject
  public TenantStatusLookup(TenantCollections collections, ThisRequest thisRequest) {
    this.collections = collections;
    this.thisRequest = thisRequest;
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
    return new TenantRepository(collections).standing(tenant);
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
