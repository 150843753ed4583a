package org.phirecords.internal.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jwt.JWTParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;

/**
 * Automatic logoff enforced by the server (HIPAA 164.312(a)(2)(iii)): a session is one bearer
 * token, and a token not used for longer than its idle period is refused (401) from then until it
 * expires, whatever the page's script does. The period: {@code records.portal.idle-timeout-seconds}
 * for patients (the portal), {@code records.admin.idle-timeout-seconds} for tenant and platform
 * admins (the admin pages); both default to 900, 0 turns it off. Other callers are API clients and
 * have none.
 *
 * <p>Each instance remembers the sessions it served (at most {@link #MAX_SESSIONS}, each until its
 * token expires), by a hash of the token. A token's first request on an instance counts as
 * activity, so with several instances the bound holds per instance: a load balancer that keeps a
 * session on one instance enforces it exactly (ADR 18).
 */
@ApplicationScoped
public class IdleSessions {
  static final int MAX_SESSIONS = 100_000;

  private Clock clock;
  private Duration portal;
  private Duration admin;
  private final Cache<String, Session> sessions =
      Caffeine.newBuilder()
          .maximumSize(MAX_SESSIONS)
          .executor(Runnable::run)
          .expireAfter(
              new Expiry<String, Session>() {
                @Override
                public long expireAfterCreate(String key, Session s, long now) {
                  return untilExpiry(s);
                }

                @Override
                public long expireAfterUpdate(String key, Session s, long now, long current) {
                  return untilExpiry(s);
                }

                @Override
                public long expireAfterRead(String key, Session s, long now, long current) {
                  return current;
                }

                private long untilExpiry(Session s) {
                  return Math.max(0, Duration.between(clock.instant(), s.expires).toNanos());
                }
              })
          .build();

  /** For CDI. */
  protected IdleSessions() {}

  /** With the periods of {@code config}. */
  @Inject
  public IdleSessions(RecordsConfig config) {
    this(Clock.systemUTC(), seconds(config, "records.portal"), seconds(config, "records.admin"));
  }

  /** With the periods given (zero: off), time from {@code clock} (tests). */
  public IdleSessions(Clock clock, Duration portal, Duration admin) {
    this.clock = clock;
    this.portal = portal;
    this.admin = admin;
  }

  private static Duration seconds(RecordsConfig config, String prefix) {
    return Duration.ofSeconds(
        config.value(prefix + ".idle-timeout-seconds").map(Long::parseLong).orElse(900L));
  }

  /**
   * Whether the session of {@code token} (verified, of {@code caller}) has been idle for longer
   * than its period; if not, this request is its latest activity.
   */
  public boolean expired(String token, Caller caller) {
    Optional<Duration> period = periodOf(caller);
    if (period.isEmpty()) {
      return false;
    }
    Instant now = clock.instant();
    Session s =
        sessions
            .asMap()
            .compute(
                hash(token),
                (k, old) -> {
                  if (old == null) {
                    return new Session(now, expiryOf(token, now), false);
                  }
                  if (old.refused || Duration.between(old.last, now).compareTo(period.get()) > 0) {
                    return new Session(old.last, old.expires, true);
                  }
                  return new Session(now, old.expires, false);
                });
    return s.refused;
  }

  private Optional<Duration> periodOf(Caller caller) {
    Duration d =
        caller.has(Role.PATIENT)
            ? portal
            : caller.has(Role.TENANT_ADMIN) || caller.has(Role.PLATFORM_ADMIN) ? admin : null;
    return d == null || d.isZero() || d.isNegative() ? Optional.empty() : Optional.of(d);
  }

  /** When {@code token} expires (the clock skew added); verified already, so only read here. */
  private static Instant expiryOf(String token, Instant now) {
    try {
      Date exp = JWTParser.parse(token).getJWTClaimsSet().getExpirationTime();
      return (exp == null ? now.plus(Duration.ofHours(1)) : exp.toInstant())
          .plus(Duration.ofMinutes(2));
    } catch (ParseException e) {
      return now.plus(Duration.ofHours(1));
    }
  }

  private static String hash(String token) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A session's latest activity, when its token expires, and whether it was logged off. */
  private record Session(Instant last, Instant expires, boolean refused) {}
}
