package org.phirecords.internal.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.net.PublicAddresses;

/**
 * The keys that may have signed a token of one issuer: a fixed set (a PEM public key, a JWKS
 * document) or a JWKS URL fetched, cached and refreshed (rate-limited, also when a token names a
 * key id the cached set lacks) by the JOSE library's {@link JWKSourceBuilder}. Which keys of the
 * set may verify a token is the JOSE library's {@link JWSVerificationKeySelector}: only the
 * asymmetric algorithms of {@link #ACCEPTED}, a key only for the algorithm family of its type, not
 * a key published for another use or another algorithm, and the key the token's {@code kid} names.
 * So {@code none}, HMAC with a public key and similar confusions find no key. One difference: a key
 * registered without an id (a PEM key) is offered whatever {@code kid} the token names, as an
 * identity provider's tokens name the id of a key the tenant registered by its PEM text.
 *
 * <p>Which key set belongs to a token is not chosen here: {@link TokenAuthenticator} chooses it by
 * the token's issuer, from the platform's settings or the tenant registry.
 *
 * <p>Weak keys never verify: RSA under {@link #MIN_RSA_BITS} bits, EC off the P-256, P-384 and
 * P-521 curves (a PEM key is refused at registration; a JWKS key is left out of the selection).
 */
final class VerificationKeys extends JWSVerificationKeySelector<SecurityContext> {
  static final Set<JWSAlgorithm> ACCEPTED =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  /** The smallest RSA modulus accepted (NIST SP 800-131A). */
  static final int MIN_RSA_BITS = 2048;

  private static final Set<com.nimbusds.jose.jwk.Curve> CURVES =
      Set.of(
          com.nimbusds.jose.jwk.Curve.P_256,
          com.nimbusds.jose.jwk.Curve.P_384,
          com.nimbusds.jose.jwk.Curve.P_521);

  private VerificationKeys(JWKSource<SecurityContext> source) {
    super(ACCEPTED, source);
  }

  /** The single key of a PEM {@code PUBLIC KEY} block (RSA or EC). */
  static VerificationKeys fromPem(String pem) {
    return fixed(List.of(toJwk(parsePem(pem))));
  }

  /** The keys of a JWKS JSON document. */
  static VerificationKeys fromJwks(String json) {
    try {
      return fixed(JWKSet.parse(json).toPublicJWKSet().getKeys());
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a JWKS document", e);
    }
  }

  /** PEM or JWKS, whichever {@code text} is. */
  static VerificationKeys fromText(String text) {
    return text.strip().startsWith("{") ? fromJwks(text) : fromPem(text);
  }

  /**
   * Keys published at {@code jwks}, fetched on demand and cached (with rate limiting), only from
   * where {@code policy} allows (checked before every fetch).
   */
  static VerificationKeys fromUrl(URI jwks, PublicAddresses policy) {
    try {
      return new VerificationKeys(
          JWKSourceBuilder.create(jwks.toURL(), new JwksRetriever(policy)).retrying(true).build());
    } catch (MalformedURLException e) {
      throw InvalidInputException.invalid("/identityProvider/jwksUri", "must be a URL");
    }
  }

  private static VerificationKeys fixed(List<JWK> keys) {
    return new VerificationKeys(new ImmutableJWKSet<>(new JWKSet(keys)));
  }

  /** Checks that {@code pem} holds a strong enough RSA or EC public key; throws 400 otherwise. */
  static void requireValidPem(String pem) {
    if (!strongEnough(parsePem(pem))) {
      throw InvalidInputException.invalid(
          "/identityProvider/publicKeyPem",
          "must be an RSA key of at least "
              + MIN_RSA_BITS
              + " bits or an EC key on P-256, P-384 or P-521");
    }
  }

  private static PublicKey parsePem(String pem) {
    String body =
        pem.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw badPem();
    }
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException notThisType) {
        // try the next type
      }
    }
    throw badPem();
  }

  /**
   * Whether {@code key} may verify tokens: RSA of at least {@link #MIN_RSA_BITS} bits, EC on one of
   * the curves of the accepted algorithms.
   */
  static boolean strongEnough(java.security.Key key) {
    if (key instanceof RSAPublicKey rsa) {
      return rsa.getModulus().bitLength() >= MIN_RSA_BITS;
    }
    if (key instanceof ECPublicKey ec) {
      return CURVES.contains(com.nimbusds.jose.jwk.Curve.forECParameterSpec(ec.getParams()));
    }
    return false;
  }

  /** The keys of the set that may verify {@code header}'s token, weak ones left out. */
  @Override
  public List<java.security.Key> selectJWSKeys(JWSHeader header, SecurityContext context)
      throws com.nimbusds.jose.KeySourceException {
    return super.selectJWSKeys(header, context).stream()
        .filter(VerificationKeys::strongEnough)
        .toList();
  }

  private static InvalidInputException badPem() {
    return InvalidInputException.invalid(
        "/identityProvider/publicKeyPem", "must be an RSA or EC public key in PEM");
  }

  private static JWK toJwk(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return new com.nimbusds.jose.jwk.RSAKey.Builder(rsa).build();
    }
    ECPublicKey ec = (ECPublicKey) key;
    return new com.nimbusds.jose.jwk.ECKey.Builder(
            com.nimbusds.jose.jwk.Curve.forECParameterSpec(ec.getParams()), ec)
        .build();
  }

  /**
   * The JOSE library's matcher for {@code header}, except that a key without an id also matches a
   * header naming one.
   */
  @Override
  protected JWKMatcher createJWKMatcher(JWSHeader header) {
    JWKMatcher matcher = super.createJWKMatcher(header);
    if (matcher == null || header.getKeyID() == null) {
      return matcher;
    }
    return new JWKMatcher.Builder(matcher).keyIDs(header.getKeyID(), null).build();
  }
}
