package org.phirecords.internal.security;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.tenant.TenantRegistration;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;

/**
 * What a verified token's claims say about its caller: roles, tenant, purpose of use. Malformed
 * claims count as absent, so the caller fails closed later. A patient claim is never read: the
 * module holds patient users' links itself (ADR 17).
 */
final class CallerClaims {
  private final RecordsConfig config;

  CallerClaims(RecordsConfig config) {
    this.config = config;
  }

  /** The tenant claim as it stands, well-formed or not (to refuse a claim of another tenant). */
  Optional<String> claimedTenant(JWTClaimsSet claims) {
    return text(claims, config.tenantClaim());
  }

  /** The roles a platform token's groups name directly. */
  Set<Role> platformRoles(JWTClaimsSet claims) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    groups(claims).forEach(g -> Role.fromGroup(g).ifPresent(roles::add));
    return roles;
  }

  /**
   * The roles a tenant IdP's token gets: those its groups are mapped to, tenant-admin for the
   * tenant's first admin, never platform-admin.
   */
  Set<Role> mappedRoles(TenantRegistration tenant, JWTClaimsSet claims) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    Collection<String> groups = groups(claims);
    tenant
        .groupMapping()
        .forEach(
            (group, granted) -> {
              if (groups.contains(group)) {
                roles.addAll(granted);
              }
            });
    if (claims.getSubject().equals(tenant.firstAdmin())) {
      roles.add(Role.TENANT_ADMIN);
    }
    roles.remove(Role.PLATFORM_ADMIN); // never from a tenant, whatever is stored
    return roles;
  }

  private static Collection<String> groups(JWTClaimsSet claims) {
    try {
      List<String> groups = claims.getStringListClaim("groups");
      return groups == null ? List.of() : groups;
    } catch (ParseException notAList) {
      return List.of();
    }
  }

  /** The tenant the token names, if well-formed. */
  Optional<TenantId> tenant(JWTClaimsSet claims) {
    return text(claims, config.tenantClaim()).flatMap(v -> parse(v, TenantId::new));
  }

  /** The caller of {@code claims} with {@code roles} in {@code tenant}. */
  Caller caller(
      JWTClaimsSet claims, Set<Role> roles, Optional<TenantId> tenant, String clientAddress) {
    PurposeOfUse purpose = purpose(claims, roles);
    return new Caller(
        claims.getSubject(),
        tenant,
        roles,
        Optional.empty(),
        purpose,
        clientAddress,
        claims.getIssuer(),
        Set.copyOf(groups(claims)));
  }

  /** The purpose the token states, else what the first of {@code roles} exists for. */
  PurposeOfUse purpose(JWTClaimsSet claims, Set<Role> roles) {
    return text(claims, config.purposeClaim())
        .flatMap(PurposeOfUse::parse)
        .orElseGet(
            () ->
                roles.stream()
                    .min(Comparator.naturalOrder())
                    .map(PurposeOfUse::defaultFor)
                    .orElse(PurposeOfUse.OPERATIONS));
  }

  private static Optional<String> text(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    return value == null ? Optional.empty() : Optional.of(value.toString());
  }

  private static <T> Optional<T> parse(
      String value, java.util.function.Function<String, T> parser) {
    try {
      return Optional.of(parser.apply(value));
    } catch (RecordsException malformed) {
      // A malformed claim counts as absent: the caller then fails closed.
      return Optional.empty();
    }
  }
}
