package org.phirecords.internal.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/** Signing keys and RS256 tokens for the authenticator's tests, as an identity provider mints. */
public final class TestTokens {
  private TestTokens() {}

  /** A fresh 2048-bit RSA key pair. */
  public static RSAKey rsa() {
    try {
      return new RSAKeyGenerator(2048).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public half of {@code key} as a PEM block, as a tenant registers it. */
  public static String pem(RSAKey key) {
    try {
      return "-----BEGIN PUBLIC KEY-----\n"
          + Base64.getMimeEncoder().encodeToString(key.toRSAPublicKey().getEncoded())
          + "\n-----END PUBLIC KEY-----\n";
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Claims of {@code issuer} about {@code subject}, issued now, valid five minutes. */
  public static JWTClaimsSet.Builder claims(String issuer, String subject) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(subject)
        .issueTime(new Date())
        .expirationTime(Date.from(Instant.now().plusSeconds(300)));
  }

  /** {@code claims} signed RS256 with {@code key}. */
  public static SignedJWT signed(RSAKey key, JWTClaimsSet.Builder claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt;
  }
}
