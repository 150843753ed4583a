package org.phirecords.dev;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Mints development tokens (RS256, 8 hours) for the demo users. */
public final class DevTokens {
  /** The issuer of development tokens; production configurations must not accept it. */
  public static final String ISSUER = "urn:phi-records:development";

  /** How long development tokens are valid: a working day. */
  public static final Duration LIFETIME = Duration.ofHours(8);

  private final PrivateKey key;

  /** Tokens signed with {@code key}. */
  public DevTokens(PrivateKey key) {
    this.key = key;
  }

  /** A token of {@code subject} in {@code group}; tenant and patient link optional (null). */
  public String mint(String subject, String group, String tenant, String patientId) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(subject)
            .claim("upn", subject)
            .claim("groups", List.of(group))
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(LIFETIME)));
    if (tenant != null) {
      claims.claim("tenant", tenant);
    }
    if (patientId != null) {
      claims.claim("patient_id", patientId);
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
            claims.build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a development token", e);
    }
    return jwt.serialize();
  }
}
