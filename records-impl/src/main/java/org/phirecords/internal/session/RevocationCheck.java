package org.phirecords.internal.session;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.store.SharedLoads;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.security.Caller;

/**
 * Whether a token was revoked (ADR 17): issued before its subject's revocation in the caller's
 * tenant, or, for the platform issuer's tokens, before a platform admin's revocation. Each answer
 * is kept for {@code records.jwt.revocation-cache-seconds} (default 30), so a revocation made on
 * another instance takes effect here within that bound, with no store read per request.
 */
@ApplicationScoped
public class RevocationCheck {
  /** How long an answer is kept unless configured. */
  static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

  private RevocationRepository revocations;
  private AsyncCache<String, Instant> notBefore;

  /** For CDI. */
  protected RevocationCheck() {}

  /** Revocations in the store of {@code collections}; the bound from {@code config}. */
  @Inject
  public RevocationCheck(RecordsConfig config, TenantCollections collections) {
    this.revocations = new RevocationRepository(collections);
    Duration ttl = config.seconds("records.jwt.revocation-cache-seconds", DEFAULT_TTL);
    this.notBefore =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(ttl)
            .executor(Runnable::run)
            .buildAsync();
  }

  /**
   * Whether the token of {@code caller}, issued at {@code issuedAt}, was revoked; {@code
   * platformIssued} when the platform issuer signed it.
   */
  public boolean revoked(Caller caller, boolean platformIssued, Instant issuedAt) {
    if (caller.tenant().isPresent()
        && issuedAt.isBefore(lookUp(caller.tenant().get().value(), caller))) {
      return true;
    }
    return platformIssued && issuedAt.isBefore(lookUp(RevocationRepository.PLATFORM, caller));
  }

  /**
   * Concurrent requests of one subject share one read, and its failure: with the store unreachable
   * each waits one timeout, not one per request ahead of it (see {@link SharedLoads}).
   */
  private Instant lookUp(String scope, Caller caller) {
    return SharedLoads.get(
        notBefore,
        key(scope, caller.issuer(), caller.subject()),
        () -> revocations.notBefore(scope, caller.issuer(), caller.subject()));
  }

  /** Reads the revocation of {@code subject} afresh (this instance just changed it). */
  void forget(String scope, String issuer, String subject) {
    notBefore.synchronous().invalidate(key(scope, issuer, subject));
  }

  private static String key(String scope, String issuer, String subject) {
    return scope + "\n" + issuer + "\n" + subject;
  }
}
