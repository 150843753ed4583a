package org.phirecords.internal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;
import org.phirecords.spi.CallerResolver;

/**
 * The default caller: from the MicroProfile JWT the container has verified (signature, issuer,
 * expiry). The tenant, patient link and purpose of use come from configurable claims; groups map to
 * {@link Role}s. Nothing comes from request parameters.
 */
@ApplicationScoped
public class JwtCallerResolver implements CallerResolver {
  private Instance<JsonWebToken> token;
  private Instance<HttpServletRequest> request;
  private RecordsConfig config;

  /** For CDI. */
  protected JwtCallerResolver() {}

  /** Reads the request's token with the claim names of {@code config}. */
  @Inject
  public JwtCallerResolver(
      Instance<JsonWebToken> token, Instance<HttpServletRequest> request, RecordsConfig config) {
    this.token = token;
    this.request = request;
    this.config = config;
  }

  @Override
  public Optional<Caller> currentCaller() {
    if (!token.isResolvable()) {
      return Optional.empty();
    }
    JsonWebToken jwt = token.get();
    if (jwt == null || jwt.getRawToken() == null || jwt.getSubject() == null) {
      return Optional.empty();
    }
    return Optional.of(fromClaims(jwt, clientAddress()));
  }

  Caller fromClaims(JsonWebToken jwt, String clientAddress) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (jwt.getGroups() != null) {
      jwt.getGroups().forEach(g -> Role.fromGroup(g).ifPresent(roles::add));
    }
    Optional<TenantId> tenant =
        claim(jwt, config.tenantClaim()).flatMap(v -> parse(v, TenantId::new));
    Optional<PatientId> patient =
        claim(jwt, config.patientClaim()).flatMap(v -> parse(v, PatientId::new));
    PurposeOfUse purpose =
        claim(jwt, config.purposeClaim())
            .flatMap(PurposeOfUse::parse)
            .orElseGet(() -> defaultPurpose(roles));
    return new Caller(jwt.getSubject(), tenant, roles, patient, purpose, clientAddress);
  }

  private static PurposeOfUse defaultPurpose(Set<Role> roles) {
    return roles.stream()
        .min(Comparator.naturalOrder())
        .map(PurposeOfUse::defaultFor)
        .orElse(PurposeOfUse.OPERATIONS);
  }

  private static Optional<String> claim(JsonWebToken jwt, String name) {
    Object value = jwt.getClaim(name);
    if (value == null) {
      return Optional.empty();
    }
    String text = value instanceof jakarta.json.JsonString s ? s.getString() : value.toString();
    return Optional.of(text);
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

  private String clientAddress() {
    try {
      return request.isResolvable() ? request.get().getRemoteAddr() : "unknown";
    } catch (RuntimeException noActiveRequest) {
      return "unknown";
    }
  }
}
