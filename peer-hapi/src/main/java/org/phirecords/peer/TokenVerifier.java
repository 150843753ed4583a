package org.phirecords.peer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;

/**
 * Checks a bearer token as the module checks its tokens: an RS256 signature by the configured key,
 * the configured issuer, an expiry in the future. Returns its claims, or nothing if any check
 * fails.
 */
final class TokenVerifier {
  private final RSASSAVerifier verifier;
  private final String issuer;

  TokenVerifier(Path publicKeyPem, String issuer) throws IOException, GeneralSecurityException {
    String pem =
        Files.readString(publicKeyPem)
            .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    RSAPublicKey key =
        (RSAPublicKey)
            KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
    this.verifier = new RSASSAVerifier(key);
    this.issuer = issuer;
  }

  Optional<JWTClaimsSet> verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date expiry = claims.getExpirationTime();
      if (!issuer.equals(claims.getIssuer()) || expiry == null || expiry.before(new Date())) {
        return Optional.empty();
      }
      return Optional.of(claims);
    } catch (ParseException | JOSEException e) {
      return Optional.empty();
    }
  }
}
