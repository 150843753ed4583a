package org.phirecords.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {
  private final AtomicLong now = new AtomicLong();
  private final VerificationKeys keys =
      VerificationKeys.fromJwks("{\"keys\":[]}"); // which keys does not matter here
  private final JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://i.test").build();

  @Test
  void aTokenIsRecalledWithItsKeysAndClaimsForItsLifetimeOnly() {
    VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), now::get);
    assertThat(tokens.recall("a.b.c")).isNull();
    tokens.remember("a.b.c", keys, claims);

    now.addAndGet(Duration.ofSeconds(59).toNanos());
    VerifiedTokens.Verified known = tokens.recall("a.b.c");
    assertThat(known).isNotNull();
    assertThat(known.keys()).isSameAs(keys);
    assertThat(known.claims()).isSameAs(claims);
    assertThat(tokens.recall("a.b.d")).as("another token").isNull();

    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(tokens.recall("a.b.c")).as("past its lifetime").isNull();
  }

  @Test
  void aZeroLifetimeRemembersNothing() {
    VerifiedTokens tokens = new VerifiedTokens(Duration.ZERO, now::get);
    tokens.remember("a.b.c", keys, claims);
    assertThat(tokens.recall("a.b.c")).isNull();
    assertThat(tokens.size()).isZero();
  }

  @Test
  void whenFullExpiredTokensGoFirstAndTheBoundHolds() {
    VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), now::get);
    for (int i = 0; i < VerifiedTokens.MAX_REMEMBERED / 2; i++) {
      tokens.remember("old." + i, keys, claims);
    }
    now.addAndGet(Duration.ofSeconds(61).toNanos());
    for (int i = 0; i < VerifiedTokens.MAX_REMEMBERED / 2; i++) {
      tokens.remember("new." + i, keys, claims);
    }
    tokens.remember("one.more", keys, claims);
    assertThat(tokens.size()).isEqualTo(VerifiedTokens.MAX_REMEMBERED / 2 + 1);
    assertThat(tokens.recall("new.0")).isNotNull();

    for (int i = 0; i < VerifiedTokens.MAX_REMEMBERED; i++) {
      tokens.remember("fresh." + i, keys, claims);
    }
    assertThat(tokens.size()).isLessThanOrEqualTo(VerifiedTokens.MAX_REMEMBERED);
    assertThat(tokens.recall("fresh." + (VerifiedTokens.MAX_REMEMBERED - 1))).isNotNull();
  }
}
