package org.phirecords.dev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * The development signing key, generated once into the data folder so that printed tokens keep
 * working across restarts. It is a development key: never configure its public half in production.
 */
public final class DevKeys {
  private final Path privatePem;
  private final Path publicPem;

  /** Keys kept in {@code dataDir}, created on first use. */
  public DevKeys(Path dataDir) {
    privatePem = dataDir.resolve("dev-jwt-private.pem");
    publicPem = dataDir.resolve("dev-jwt-public.pem");
  }

  /** Location of the public key, for {@code mp.jwt.verify.publickey.location}. */
  public Path publicKey() {
    return publicPem;
  }

  /**
   * The development master key file (96 random bytes, base64), created on first use. Losing it
   * makes the demo data unreadable, as losing a real master key would.
   */
  public Path localMasterKey() throws IOException {
    Path file = privatePem.resolveSibling("dev-master-key.b64");
    if (!Files.exists(file)) {
      byte[] key = new byte[96];
      new java.security.SecureRandom().nextBytes(key);
      Files.writeString(file, Base64.getEncoder().encodeToString(key));
    }
    return file;
  }

  /**
   * The folder of the tenants' own local master keys (ADR 24), created by the module as tenants are
   * onboarded; deleting it makes those tenants' data unreadable.
   */
  public Path tenantKeyDir() {
    return privatePem.resolveSibling("tenant-keys");
  }

  /** The audit chain key file (32 random bytes, base64), created on first use. */
  public Path auditChainKey() throws IOException {
    Path file = privatePem.resolveSibling("dev-audit-chain-key.b64");
    if (!Files.exists(file)) {
      byte[] key = new byte[32];
      new java.security.SecureRandom().nextBytes(key);
      Files.writeString(file, Base64.getEncoder().encodeToString(key));
    }
    return file;
  }

  /** The private key, created on first use. */
  public PrivateKey privateKey() throws IOException, GeneralSecurityException {
    if (!Files.exists(privatePem)) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
      Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }
    String text = Files.readString(privatePem, StandardCharsets.US_ASCII);
    byte[] der =
        Base64.getDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
