package org.phirecords.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.net.PublicAddresses;

class VerificationKeysTest {
  private final RSAKey rsa = generate("rsa-1");
  private final ECKey ec = generateEc("ec-1");

  @Test
  void aPemKeyVerifiesTokensWhateverKeyIdTheyName() throws Exception {
    VerificationKeys keys = VerificationKeys.fromPem(pem(rsa));
    assertThat(keys.selectJWSKeys(header(JWSAlgorithm.RS256, null), null))
        .containsExactly(rsa.toPublicKey());
    assertThat(keys.selectJWSKeys(header(JWSAlgorithm.PS512, "any-id"), null))
        .containsExactly(rsa.toPublicKey());
  }

  @Test
  void aKeySetOffersTheKeyTheTokenNamesOrAllWhenItNamesNone() throws Exception {
    RSAKey other = generate("rsa-2");
    VerificationKeys keys = VerificationKeys.fromJwks(new JWKSet(List.of(rsa, other)).toString());
    assertThat(keys.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-2"), null))
        .containsExactly(other.toPublicKey());
    assertThat(keys.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-9"), null)).isEmpty();
    assertThat(keys.selectJWSKeys(header(JWSAlgorithm.RS256, null), null)).hasSize(2);
  }

  @Test
  void onlyAsymmetricAlgorithmsOfTheKeysOwnFamilyFindAKey() throws Exception {
    VerificationKeys keys = VerificationKeys.fromJwks(new JWKSet(List.of(rsa, ec)).toString());
    assertThat(keys.selectJWSKeys(header(JWSAlgorithm.HS256, null), null)).isEmpty();
    assertThat(keys.selectJWSKeys(header(JWSAlgorithm.ES256, "rsa-1"), null)).isEmpty();
    assertThat(keys.selectJWSKeys(header(JWSAlgorithm.ES256, null), null))
        .containsExactly(ec.toPublicKey());
    assertThat(keys.selectJWSKeys(header(JWSAlgorithm.RS256, null), null))
        .containsExactly(rsa.toPublicKey());
  }

  @Test
  void aKeyPublishedForEncryptionOrAnotherAlgorithmIsNotOffered() throws Exception {
    RSAKey forEncryption = new RSAKey.Builder(generate("enc")).keyUse(KeyUse.ENCRYPTION).build();
    RSAKey forRs512 = new RSAKey.Builder(generate("rs512")).algorithm(JWSAlgorithm.RS512).build();
    VerificationKeys keys =
        VerificationKeys.fromJwks(new JWKSet(List.of(forEncryption, forRs512)).toString());
    assertThat(keys.selectJWSKeys(header(JWSAlgorithm.RS256, "enc"), null)).isEmpty();
    assertThat(keys.selectJWSKeys(header(JWSAlgorithm.RS256, "rs512"), null)).isEmpty();
    assertThat(keys.selectJWSKeys(header(JWSAlgorithm.RS512, "rs512"), null))
        .containsExactly(forRs512.toPublicKey());
  }

  @Test
  void aJwksUrlIsFetchedAgainWhenATokenNamesAKeyItLacks() throws Exception {
    AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(rsa.toPublicJWK()));
    AtomicInteger fetches = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      VerificationKeys keys =
          VerificationKeys.fromUrl(
              URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks"),
              new PublicAddresses(PublicAddresses.SYSTEM, true));
      assertThat(keys.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-1"), null))
          .containsExactly(rsa.toPublicKey());
      assertThat(keys.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-1"), null)).hasSize(1);
      assertThat(fetches).as("cached").hasValue(1);

      RSAKey rotated = generate("rsa-2");
      published.set(new JWKSet(List.of(rsa.toPublicJWK(), rotated.toPublicJWK())));
      List<Key> selected = keys.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-2"), null);
      assertThat(selected).containsExactly(rotated.toPublicKey());
      assertThat(fetches).as("fetched again for the unknown key id").hasValue(2);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aKeyOfAPublishedSetUnder2048BitsNeverVerifies() throws Exception {
    RSAKey weak = new RSAKeyGenerator(1024, true).keyID("weak").generate();
    VerificationKeys keys = VerificationKeys.fromJwks(new JWKSet(List.of(weak, rsa)).toString());
    assertThat(keys.selectJWSKeys(header(JWSAlgorithm.RS256, "weak"), null)).isEmpty();
    assertThat(keys.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-1"), null))
        .containsExactly(rsa.toPublicKey());
  }

  @Test
  void aJwksUrlIsCheckedRightBeforeEachFetchAndNeverFetchedFromWhereThePolicyRefuses()
      throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body = new JWKSet(rsa.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      // As if the registry held a URL that passed registration and now points at loopback.
      VerificationKeys keys =
          VerificationKeys.fromUrl(
              URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks"),
              new PublicAddresses(PublicAddresses.SYSTEM, false));
      assertThatThrownBy(() -> keys.selectJWSKeys(header(JWSAlgorithm.RS256, "rsa-1"), null))
          .isInstanceOf(com.nimbusds.jose.KeySourceException.class);
      assertThat(fetches).as("no connection made").hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  private static JWSHeader header(JWSAlgorithm alg, String keyId) {
    return new JWSHeader.Builder(alg).keyID(keyId).build();
  }

  private static RSAKey generate(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ECKey generateEc(String keyId) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(RSAKey key) throws com.nimbusds.jose.JOSEException {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(key.toRSAPublicKey().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
