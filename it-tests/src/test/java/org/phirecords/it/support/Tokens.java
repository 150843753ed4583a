package org.phirecords.it.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Mints RS256 tokens signed with the test key that the deployments trust. */
public final class Tokens {
  /** The issuer the deployments accept. */
  public static final String ISSUER =
      System.getProperty("it.jwt.issuer", "https://it.phirecords.test");

  private static final PrivateKey KEY = load();

  private Tokens() {}

  /** A builder for a token of {@code subject} with {@code groups}. */
  public static Builder of(String subject, String... groups) {
    return new Builder(subject, List.of(groups));
  }

  /** A fresh subject, so that a test can find its own audit events. */
  public static String subject(String role) {
    return role + "-" + UUID.randomUUID();
  }

  /** Token fields; {@link #sign()} produces the compact JWT. */
  public static final class Builder {
    private final String subject;
    private final List<String> groups;
    private String tenant;
    private String patientId;
    private String issuer = ISSUER;
    private Instant issuedAt = Instant.now();
    private Duration lifetime = Duration.ofMinutes(30);
    private Instant notBefore;
    private String audience;
    private PrivateKey key = KEY;
    private final java.util.Map<String, Object> extra = new java.util.LinkedHashMap<>();

    private Builder(String subject, List<String> groups) {
      this.subject = subject;
      this.groups = groups;
    }

    public Builder tenant(String value) {
      tenant = value;
      return this;
    }

    public Builder patient(String value) {
      patientId = value;
      return this;
    }

    public Builder issuer(String value) {
      issuer = value;
      return this;
    }

    /** Issued at {@code when} with {@code validFor}; a past instant gives an expired token. */
    public Builder issued(Instant when, Duration validFor) {
      issuedAt = when;
      lifetime = validFor;
      return this;
    }

    /** Not valid before {@code when} ({@code nbf}). */
    public Builder notBefore(Instant when) {
      notBefore = when;
      return this;
    }

    /** Meant for {@code value} ({@code aud}). */
    public Builder audience(String value) {
      audience = value;
      return this;
    }

    /** Carries {@code name} with {@code value} too ({@code client_id}, {@code scope}...). */
    public Builder claim(String name, Object value) {
      extra.put(name, value);
      return this;
    }

    /** Signs with {@code signingKey} (a tenant identity provider's, say). */
    public Builder signedBy(PrivateKey signingKey) {
      key = signingKey;
      return this;
    }

    /** Signs with a freshly generated key that nobody trusts. */
    public Builder untrustedKey() {
      key = keyPair().getPrivate();
      return this;
    }

    /** The claims the token carries. */
    public JWTClaimsSet claims() {
      JWTClaimsSet.Builder claims =
          new JWTClaimsSet.Builder()
              .issuer(issuer)
              .subject(subject)
              .claim("upn", subject)
              .claim("groups", groups)
              .jwtID(UUID.randomUUID().toString())
              .issueTime(Date.from(issuedAt))
              .expirationTime(Date.from(issuedAt.plus(lifetime)));
      if (tenant != null) {
        claims.claim("tenant", tenant);
      }
      if (patientId != null) {
        claims.claim("patient_id", patientId);
      }
      if (notBefore != null) {
        claims.notBeforeTime(Date.from(notBefore));
      }
      if (audience != null) {
        claims.audience(audience);
      }
      extra.forEach(claims::claim);
      return claims.build();
    }

    /** The signed compact token. */
    public String sign() {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims());
      try {
        jwt.sign(new RSASSASigner(key));
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
      return jwt.serialize();
    }

    /** An unsecured token ({@code alg: none}, no signature). */
    public String unsecured() {
      return new PlainJWT(claims()).serialize();
    }

    /** The token signed with HMAC-SHA256 under {@code secret} (a key confusion attempt). */
    public String hmac(byte[] secret) {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims());
      try {
        jwt.sign(new MACSigner(secret));
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
      return jwt.serialize();
    }
  }

  /** The bytes of the PEM file holding the public key the deployments trust. */
  public static byte[] trustedPublicKeyPem() {
    try (InputStream in = Tokens.class.getResourceAsStream("/jwt/public.pem")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the test public key", e);
    }
  }

  /** A fresh RSA key pair, e.g. for a tenant's own identity provider. */
  public static java.security.KeyPair keyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code key} as a PEM {@code PUBLIC KEY} block. */
  public static String pem(java.security.PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static PrivateKey load() {
    try (InputStream in = Tokens.class.getResourceAsStream("/jwt/private.pem")) {
      String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (IOException | NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("cannot read the test signing key", e);
    }
  }
}
