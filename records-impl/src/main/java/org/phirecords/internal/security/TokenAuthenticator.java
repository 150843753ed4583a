package org.phirecords.internal.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.net.PublicAddresses;
import org.phirecords.internal.session.RevocationCheck;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.SystemClientSettings;
import org.phirecords.internal.tenant.TenantRegistration;
import org.phirecords.internal.tenant.TenantStatusLookup;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;
import org.phirecords.security.RoleBounds;

/**
 * Verifies a bearer token and turns it into a {@link Caller}. Two kinds of issuer:
 *
 * <ul>
 *   <li>the platform's ({@code mp.jwt.verify.issuer} with {@code
 *       mp.jwt.verify.publickey.location}): groups name module roles, the tenant comes from the
 *       tenant claim, but never a tenant that has its own identity provider;
 *   <li>a tenant's own identity provider (registered at onboarding): the tenant is the one that
 *       registered the issuer, whatever the token claims (a different tenant claim is refused);
 *       groups map to roles through the tenant's {@code GroupMapping}; the tenant's first admin is
 *       a tenant admin; a platform admin is never made, and role combinations outside {@link
 *       RoleBounds} are refused.
 * </ul>
 *
 * With either issuer, a token of a system client the tenant registered makes a caller with the
 * system role and the permissions its scopes grant ({@link SystemClientTokens}, ADR 39).
 *
 * <p>Signature (asymmetric algorithms only), issuer, expiry and not-before are checked by the JOSE
 * library with a clock skew of {@code records.jwt.clock-skew-seconds} (default 60), and the
 * audience when {@code mp.jwt.verify.audiences} names any. A token whose signature the same key set
 * verified within {@code records.jwt.verified-token-seconds} (default 60; 0: never) is not verified
 * again (see {@link VerifiedTokens}); its claims are, and its tenant's registration is read as for
 * any request. A token issued before an administrator revoked its subject's sessions is refused
 * ({@link RevocationCheck}).
 */
@ApplicationScoped
public class TokenAuthenticator {
  /** The request attribute holding the authenticated {@link Caller}. */
  public static final String CALLER_ATTRIBUTE = "org.phirecords.caller";

  private static final Logger LOG = Logger.getLogger(TokenAuthenticator.class.getName());

  private RecordsConfig config;
  private CallerClaims claimsOf;
  private TokenHygiene hygiene;
  private TenantCollections collections;
  private TenantStatusLookup tenants;
  private PlatformIssuer platform;
  private RevocationCheck revocations;
  private SystemClientTokens systemClients;

  /** Most tenants' key sets kept at once; one forgotten is only built (or fetched) again. */
  static final int MAX_KEY_SETS = 10_000;

  /**
   * Each identity provider's key set, by its registration (issuer and PEM or JWKS URL), so that a
   * changed key is picked up at once; a registration no longer used is evicted once the bound is
   * reached.
   */
  private final Cache<String, VerificationKeys> tenantKeys =
      Caffeine.newBuilder().maximumSize(MAX_KEY_SETS).executor(Runnable::run).build();

  private VerifiedTokens verified;

  /** For CDI. */
  protected TokenAuthenticator() {}

  /**
   * Verifies with the platform settings of {@code config} and the registry of {@code collections}.
   */
  public TokenAuthenticator(RecordsConfig config, TenantCollections collections) {
    this(
        config,
        collections,
        new TenantStatusLookup(collections),
        new RevocationCheck(config, collections));
  }

  /**
   * As above; a tenant's registration is read through {@code tenants}, which the authorization
   * check of the same request then reuses; revoked sessions are known from {@code revocations}.
   */
  @Inject
  public TokenAuthenticator(
      RecordsConfig config,
      TenantCollections collections,
      TenantStatusLookup tenants,
      RevocationCheck revocations) {
    this.config = config;
    this.platform = new PlatformIssuer(config, TokenAuthenticator::refused);
    this.revocations = revocations;
    this.claimsOf = new CallerClaims(config);
    this.systemClients = new SystemClientTokens(new SystemClientSettings(collections, config));
    this.hygiene = new TokenHygiene(config);
    this.collections = collections;
    this.tenants = tenants;
    this.verified =
        new VerifiedTokens(
            Duration.ofSeconds(
                config
                    .value("records.jwt.verified-token-seconds")
                    .map(Integer::parseInt)
                    .orElse(60)));
  }

  /**
   * The caller {@code token} stands for; throws {@link UnauthenticatedException} for a token that
   * is malformed, forged, expired, of an unknown issuer, or outside its issuer's tenant.
   */
  public Caller authenticate(String token, String clientAddress) {
    VerifiedTokens.Verified known = verified.recall(token);
    String issuer = known != null ? known.claims().getIssuer() : unverifiedIssuer(token);
    if (platform.issued(issuer)) {
      JWTClaimsSet claims = verify(token, issuer, platform.keys(), known);
      Optional<TenantId> named = claimsOf.tenant(claims);
      Optional<Caller> system = systemCaller(claims, named, clientAddress);
      Set<Role> roles = system.isPresent() ? Set.of(Role.SYSTEM) : claimsOf.platformRoles(claims);
      requireWithinBounds(
          system.isPresent() ? Optional.empty() : RoleBounds.platformViolation(roles),
          claims,
          roles);
      Caller caller = system.orElseGet(() -> claimsOf.caller(claims, roles, named, clientAddress));
      if (caller.tenant().isPresent() && ownIssuer(caller.tenant().get()).isPresent()) {
        throw refused("platform token for a tenant with its own identity provider");
      }
      return notRevoked(caller, true, claims);
    }
    TenantRegistration tenant =
        tenants.byIssuer(issuer).orElseThrow(() -> refused("unknown issuer"));
    TenantId tenantId = tenant.id();
    JWTClaimsSet claims = verify(token, issuer, tenantKeys(tenant.idp().orElseThrow()), known);
    Optional<String> claimed = claimsOf.claimedTenant(claims);
    if (claimed.isPresent() && !claimed.get().equals(tenantId.value())) {
      throw refused("token of one tenant's identity provider claims another tenant");
    }
    Optional<Caller> system = systemCaller(claims, Optional.of(tenantId), clientAddress);
    Set<Role> roles =
        system.isPresent() ? Set.of(Role.SYSTEM) : claimsOf.mappedRoles(tenant, claims);
    requireWithinBounds(
        system.isPresent() ? Optional.empty() : RoleBounds.violation(roles), claims, roles);
    return notRevoked(
        system.orElseGet(
            () -> claimsOf.caller(claims, roles, Optional.of(tenantId), clientAddress)),
        false,
        claims);
  }

  /** The caller of a registered system client's token (ADR 39), else empty. */
  private Optional<Caller> systemCaller(
      JWTClaimsSet claims, Optional<TenantId> tenant, String clientAddress) {
    return systemClients.caller(
        claims, tenant, claimsOf.purpose(claims, Set.of(Role.SYSTEM)), clientAddress);
  }

  /** {@code caller}, unless an administrator revoked the sessions its token belongs to. */
  private Caller notRevoked(Caller caller, boolean platformIssued, JWTClaimsSet claims) {
    if (revocations.revoked(caller, platformIssued, claims.getIssueTime().toInstant())) {
      throw refused("session revoked");
    }
    return caller;
  }

  /** Refuses a token whose roles are out of bounds, or whose subject or lifetime are not sound. */
  private void requireWithinBounds(
      Optional<String> roleViolation, JWTClaimsSet claims, Set<Role> roles) {
    Optional<String> why =
        roleViolation
            .map(v -> "roles out of bounds: " + v)
            .or(() -> hygiene.violation(claims, roles));
    if (why.isPresent()) {
      throw refused(why.get());
    }
  }

  /** The token of an {@code Authorization} header value of the Bearer scheme, if it is one. */
  public static Optional<String> bearer(String authorization) {
    String prefix = "Bearer ";
    if (authorization == null
        || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return Optional.empty();
    }
    return Optional.of(authorization.substring(prefix.length()).trim());
  }

  /** Checks that {@code pem} is a strong RSA or EC public key; throws 400 naming the field. */
  public static void requireValidKey(String pem) {
    VerificationKeys.requireValidPem(pem);
  }

  /**
   * Forgets the cached keys of {@code issuer} (after its registration changed), and so every token
   * they verified.
   */
  public void forget(String issuer) {
    tenantKeys.asMap().keySet().removeIf(k -> k.startsWith(issuer + "\n"));
  }

  /** How many tokens this authenticator remembers as verified. */
  int rememberedTokens() {
    return verified.size();
  }

  private static String unverifiedIssuer(String token) {
    try {
      String issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
      if (issuer == null) {
        throw refused("no issuer");
      }
      return issuer;
    } catch (ParseException e) {
      throw refused("malformed token");
    }
  }

  /**
   * The claims of {@code token} once its signature (by {@code keys}) and claims are verified; the
   * signature not again if {@code known} says these keys verified it recently.
   */
  private JWTClaimsSet verify(
      String token, String issuer, VerificationKeys keys, VerifiedTokens.Verified known) {
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            platform.audiences().orElse(null),
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("sub", "exp"),
            null);
    claims.setMaxClockSkew(
        config.value("records.jwt.clock-skew-seconds").map(Integer::parseInt).orElse(60));
    try {
      if (known != null && known.keys() == keys) {
        claims.verify(known.claims(), null);
        return known.claims();
      }
      DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
      processor.setJWSKeySelector(keys);
      processor.setJWSTypeVerifier(TokenHygiene.ACCESS_TOKEN_TYPES);
      processor.setJWTClaimsSetVerifier(claims);
      JWTClaimsSet verifiedClaims = processor.process(token, null);
      verified.remember(token, keys, verifiedClaims);
      return verifiedClaims;
    } catch (BadJOSEException | com.nimbusds.jose.JOSEException | ParseException e) {
      throw refused("verification failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  private VerificationKeys tenantKeys(TenantRegistration.IdentityProvider idp) {
    String issuer = idp.issuer();
    String pem = idp.publicKeyPem();
    String jwks = idp.jwksUri();
    // Keyed by the registration, so a changed key is picked up without a stale cache.
    String cacheKey = issuer + "\n" + (pem != null ? pem : jwks);
    return tenantKeys.get(
        cacheKey,
        k ->
            pem != null
                ? VerificationKeys.fromPem(pem)
                : VerificationKeys.fromUrl(URI.create(jwks), PublicAddresses.forJwks(config)));
  }

  private Optional<String> ownIssuer(TenantId tenant) {
    return tenants.registration(tenant).flatMap(TenantStatusLookup.Registration::ownIssuer);
  }

  private static UnauthenticatedException refused(String why) {
    // The reason is for the log only (fixed texts, no claim values); the client sees PHR-401-01.
    LOG.info("bearer token refused: " + why);
    return new UnauthenticatedException(ErrorCode.UNAUTHENTICATED);
  }
}
