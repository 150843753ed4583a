package org.phirecords.internal.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.MalformedURLException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.phirecords.error.InvalidInputException;

/**
 * The keys that may have signed a token of one issuer: a fixed set (a PEM public key, a JWKS
 * document) or a JWKS URL fetched and cached by the JOSE library. Only asymmetric algorithms are
 * accepted, and a key is offered only for the algorithm family of its type, so {@code none}, HMAC
 * with a public key and similar confusions find no key.
 */
final class VerificationKeys implements JWSKeySelector<SecurityContext> {
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

  private final JWKSource<SecurityContext> source;

  private VerificationKeys(JWKSource<SecurityContext> source) {
    this.source = source;
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

  /** Keys published at {@code jwks}, fetched on demand and cached (with rate limiting). */
  static VerificationKeys fromUrl(URI jwks) {
    try {
      return new VerificationKeys(JWKSourceBuilder.create(jwks.toURL()).retrying(true).build());
    } catch (MalformedURLException e) {
      throw InvalidInputException.invalid("/identityProvider/jwksUri", "must be a URL");
    }
  }

  private static VerificationKeys fixed(List<JWK> keys) {
    JWKSet set = new JWKSet(keys);
    return new VerificationKeys((selector, context) -> selector.select(set));
  }

  /** Checks that {@code pem} holds an RSA or EC public key; throws 400 otherwise. */
  static void requireValidPem(String pem) {
    parsePem(pem);
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

  @Override
  public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context)
      throws KeySourceException {
    JWSAlgorithm alg = header.getAlgorithm();
    if (!ACCEPTED.contains(alg)) {
      return List.of();
    }
    JWKMatcher.Builder matcher =
        new JWKMatcher.Builder()
            .keyType(com.nimbusds.jose.jwk.KeyType.forAlgorithm(alg))
            .publicOnly(true);
    List<Key> keys = new ArrayList<>();
    for (JWK jwk : source.get(new JWKSelector(matcher.build()), context)) {
      if (header.getKeyID() != null
          && jwk.getKeyID() != null
          && !header.getKeyID().equals(jwk.getKeyID())) {
        continue;
      }
      try {
        keys.add(jwk instanceof com.nimbusds.jose.jwk.AsymmetricJWK a ? a.toPublicKey() : null);
      } catch (com.nimbusds.jose.JOSEException unusable) {
        // skip a key the JDK cannot use
      }
    }
    keys.removeIf(java.util.Objects::isNull);
    return keys;
  }
}
