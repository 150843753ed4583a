package org.phirecords.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;

/** Automatic logoff of portal and admin sessions, on the server. */
class IdleSessionsTest {
  private Instant now = Instant.parse("2026-12-06T10:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now;
        }

        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }
      };
  private final IdleSessions idle =
      new IdleSessions(clock, Duration.ofMinutes(10), Duration.ofMinutes(15));

  private static Caller caller(Role role) {
    return new Caller(
        "user-" + role,
        Optional.of(new TenantId("acme")),
        EnumSet.of(role),
        Optional.empty(),
        PurposeOfUse.OPERATIONS,
        "10.0.0.1");
  }

  private String token(String subject) {
    return new PlainJWT(
            new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .build())
        .serialize();
  }

  @Test
  void aPatientSessionIsLoggedOffAfterThePortalPeriodAndStaysLoggedOff() {
    String token = token("p");
    Caller patient = caller(Role.PATIENT);
    assertThat(idle.expired(token, patient)).isFalse();
    now = now.plus(Duration.ofMinutes(9));
    assertThat(idle.expired(token, patient)).as("activity restarts the clock").isFalse();
    now = now.plus(Duration.ofMinutes(10));
    assertThat(idle.expired(token, patient)).isFalse();
    now = now.plus(Duration.ofMinutes(10).plusSeconds(1));
    assertThat(idle.expired(token, patient)).isTrue();
    now = now.plusSeconds(5);
    assertThat(idle.expired(token, patient)).as("still logged off").isTrue();
    assertThat(idle.expired(token("p2"), patient)).as("a new sign-in is a new session").isFalse();
  }

  @Test
  void adminsHaveTheAdminPeriodAndOtherCallersNone() {
    String admin = token("a");
    String platform = token("pa");
    String physician = token("d");
    assertThat(idle.expired(admin, caller(Role.TENANT_ADMIN))).isFalse();
    assertThat(idle.expired(platform, caller(Role.PLATFORM_ADMIN))).isFalse();
    assertThat(idle.expired(physician, caller(Role.PHYSICIAN))).isFalse();
    now = now.plus(Duration.ofMinutes(12));
    assertThat(idle.expired(admin, caller(Role.TENANT_ADMIN))).isFalse();
    now = now.plus(Duration.ofMinutes(16));
    assertThat(idle.expired(admin, caller(Role.TENANT_ADMIN))).isTrue();
    assertThat(idle.expired(platform, caller(Role.PLATFORM_ADMIN))).isTrue();
    assertThat(idle.expired(physician, caller(Role.PHYSICIAN))).isFalse();
  }

  @Test
  void aZeroPeriodTurnsItOff() {
    IdleSessions off = new IdleSessions(clock, Duration.ZERO, Duration.ZERO);
    String token = token("p");
    assertThat(off.expired(token, caller(Role.PATIENT))).isFalse();
    now = now.plus(Duration.ofMinutes(50));
    assertThat(off.expired(token, caller(Role.PATIENT))).isFalse();
  }
}
