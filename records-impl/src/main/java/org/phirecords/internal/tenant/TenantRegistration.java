package org.phirecords.internal.tenant;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.phirecords.model.Tenant;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Role;

/**
 * A tenant's registry entry as the module reads it. Only {@link TenantRepository} knows how it is
 * stored; everything else reads these fields.
 *
 * @param id the tenant
 * @param displayName the organisation's name
 * @param status its lifecycle state
 * @param createdAt when it was onboarded ({@link Instant#EPOCH} if unknown)
 * @param contact its contact, as onboarded
 * @param residency its data residency label
 * @param firstAdmin the subject that is the tenant's first administrator, or null
 * @param idp its own identity provider, if it registered one
 * @param groupMapping which roles each of its IdP's groups grants, in the stored order
 * @param auditRetentionYears its own audit retention, if it set one
 * @param accessHistoryShowsStaff whether its patients see staff subjects, if it decided
 * @param alerts its own alert settings
 * @param offboarding the pending offboarding confirmation, if one was requested
 */
public record TenantRegistration(
    TenantId id,
    String displayName,
    TenantStatus status,
    Instant createdAt,
    String contact,
    String residency,
    String firstAdmin,
    Optional<IdentityProvider> idp,
    Map<String, Set<Role>> groupMapping,
    Optional<Integer> auditRetentionYears,
    Optional<Boolean> accessHistoryShowsStaff,
    Alerts alerts,
    Optional<OffboardingRequest> offboarding) {

  /** A tenant's own identity provider: its issuer, and either a PEM key or a JWKS URI. */
  public record IdentityProvider(
      String issuer, String publicKeyPem, String jwksUri, String portalClientId) {}

  /**
   * A tenant's own alert settings; each empty one falls back to the module's default. {@code
   * workingHours} is present-but-null when the tenant switched after-hours alerts off.
   */
  public record Alerts(
      Optional<Long> windowMinutes,
      Optional<Long> distinctPatients,
      Optional<Long> denials,
      Optional<Optional<String>> workingHours,
      Optional<String> zone) {
    /** No settings of its own. */
    public static final Alerts NONE =
        new Alerts(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
  }

  /**
   * A requested offboarding: the hash of its confirmation code, when the code expires, who asked,
   * and once a second administrator approved it, who did and when it may start (ADR 21).
   */
  public record OffboardingRequest(
      String codeHash,
      Instant expiresAt,
      String requestedBy,
      Optional<String> approvedBy,
      Optional<Instant> notBefore) {
    /** A request nobody approved yet. */
    public OffboardingRequest(String codeHash, Instant expiresAt, String requestedBy) {
      this(codeHash, expiresAt, requestedBy, Optional.empty(), Optional.empty());
    }
  }

  /** The issuer of its own identity provider, if any. */
  public Optional<String> ownIssuer() {
    return idp.map(IdentityProvider::issuer);
  }

  /** The public view of the entry (no keys, mappings or settings). */
  public Tenant toTenant() {
    return new Tenant(
        id,
        displayName,
        status,
        createdAt,
        contact,
        residency,
        idp.map(IdentityProvider::issuer).orElse(null),
        offboarding.flatMap(OffboardingRequest::notBefore).orElse(null));
  }
}
