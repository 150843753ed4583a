package org.phirecords.internal.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.security.Role;

/**
 * What a verified token must also be before it makes a caller: a subject the audit trail can hold
 * unambiguously (1 to 256 visible characters, none of the names the module itself acts under), a
 * lifetime ({@code exp - iat}) within bounds, so that a stolen token is not good for days, and the
 * type of an access token.
 */
final class TokenHygiene {
  /**
   * The {@code typ} headers of access tokens (RFC 9068's {@code at+jwt}, plain {@code JWT}, or
   * none); any other type, such as an ID token's, is refused.
   */
  static final DefaultJOSEObjectTypeVerifier<SecurityContext> ACCESS_TOKEN_TYPES =
      new DefaultJOSEObjectTypeVerifier<>(
          JOSEObjectType.JWT,
          new JOSEObjectType("at+jwt"),
          new JOSEObjectType("application/at+jwt"),
          null);

  /** Most characters of a subject. */
  static final int MAX_SUBJECT = 256;

  private static final Pattern VISIBLE = Pattern.compile("[^\\p{Cntrl}\\p{Space}]{1,256}");

  /** Staff tokens live at most this long unless configured otherwise. */
  static final Duration STAFF_LIFETIME = Duration.ofHours(1);

  private final RecordsConfig config;

  TokenHygiene(RecordsConfig config) {
    this.config = config;
  }

  /** Why {@code claims} with {@code roles} are refused; else empty. */
  Optional<String> violation(JWTClaimsSet claims, Set<Role> roles) {
    String subject = claims.getSubject();
    if (subject == null || !VISIBLE.matcher(subject).matches()) {
      return Optional.of("subject empty, too long, or with spaces or control characters");
    }
    String lower = subject.toLowerCase(Locale.ROOT);
    if (lower.equals("anonymous") || lower.startsWith("system:")) {
      return Optional.of("subject is a name reserved for the module itself");
    }
    Date issued = claims.getIssueTime();
    Date expires = claims.getExpirationTime();
    if (issued == null || expires == null) {
      return Optional.of("no iat or exp");
    }
    Duration lifetime = Duration.between(issued.toInstant(), expires.toInstant());
    Duration max = maxLifetime(roles);
    if (lifetime.compareTo(max) > 0) {
      return Optional.of("lifetime over " + max.toSeconds() + " s");
    }
    return Optional.empty();
  }

  /**
   * {@code records.jwt.max-lifetime-seconds} (default one hour) for staff; patients' tokens by
   * {@code records.jwt.patient-max-lifetime-seconds}, the staff bound unless set.
   */
  Duration maxLifetime(Set<Role> roles) {
    Duration staff = config.seconds("records.jwt.max-lifetime-seconds", STAFF_LIFETIME);
    if (roles.equals(Set.of(Role.PATIENT))) {
      return config.seconds("records.jwt.patient-max-lifetime-seconds", staff);
    }
    return staff;
  }
}
