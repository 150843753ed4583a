package org.phirecords.internal.security;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.internal.tenant.SystemClientSettings;
import org.phirecords.model.SystemClient;
import org.phirecords.model.SystemClients;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;

/**
 * Tells a system client's token from a user's (ADR 39), SMART Backend Services style. A token is a
 * system client's when its client ({@code client_id}, RFC 9068, else {@code azp}) is registered by
 * the tenant and its subject is the one registered for that client's own tokens: a user signed in
 * through the same client has another subject. The caller is the client id, with the system role
 * alone, no groups, and the permissions of the scope-table rows its token's {@code scope} (or
 * {@code scp}) and the tenant's allowance for the client both cover. A token asking for system
 * scopes that is not a registered client's is refused ({@code PHR-401-03}); a user token never
 * gains anything from scopes.
 */
final class SystemClientTokens {
  private static final Logger LOG = Logger.getLogger(SystemClientTokens.class.getName());

  private final SystemClientSettings settings;

  SystemClientTokens(SystemClientSettings settings) {
    this.settings = settings;
  }

  /**
   * The system client's caller {@code claims} (verified) stand for in {@code tenant}, or empty for
   * a user's token; refuses one asking for system scopes without being a registered client.
   */
  Optional<Caller> caller(
      JWTClaimsSet claims, Optional<TenantId> tenant, PurposeOfUse purpose, String address) {
    Collection<String> scopes = scopes(claims);
    Optional<SystemClient> client =
        tenant.flatMap(
            t ->
                clientId(claims)
                    .flatMap(settings.of(t)::client)
                    .filter(c -> c.subject().equals(claims.getSubject())));
    if (client.isEmpty()) {
      if (SmartScope.anySystem(scopes)) {
        LOG.info("bearer token refused: system scopes from a client not registered here");
        throw new UnauthenticatedException(ErrorCode.SYSTEM_CLIENT_UNKNOWN);
      }
      return Optional.empty();
    }
    SystemClients registered = settings.of(tenant.get());
    Set<Permission> granted =
        SystemScopes.granted(
            SmartScope.parseAll(scopes),
            SmartScope.parseAll(client.get().scopes()),
            registered.table());
    return Optional.of(
        new Caller(
            client.get().clientId(),
            tenant,
            Set.of(Role.SYSTEM),
            Optional.empty(),
            purpose,
            address,
            claims.getIssuer(),
            Set.of(),
            granted));
  }

  /** The client the token was issued to: {@code client_id}, else {@code azp}. */
  private static Optional<String> clientId(JWTClaimsSet claims) {
    for (String name : List.of("client_id", "azp")) {
      if (claims.getClaim(name) instanceof String id && !id.isEmpty()) {
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }

  /**
   * The words of the {@code scope} claim (or its items, where an IdP sends a list), else the {@code
   * scp} list; malformed: none.
   */
  private static Collection<String> scopes(JWTClaimsSet claims) {
    try {
      Object scope = claims.getClaim("scope");
      if (scope instanceof String words) {
        return SmartScope.words(words);
      }
      if (scope != null) {
        return claims.getStringListClaim("scope");
      }
      List<String> scp = claims.getStringListClaim("scp");
      return scp == null ? List.of() : scp;
    } catch (ParseException notAList) {
      return List.of();
    }
  }
}
