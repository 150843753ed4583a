package org.phirecords.internal.audit.chain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret that seals the audit chain (HMAC-SHA256). Without it, someone with write access to the
 * database could edit an event and recompute every later link; with it, they cannot. Read from
 * {@code records.audit.chain-key-file} or {@code records.audit.chain-key} (base64, at least 32
 * bytes). Without either, a fixed development key is used, which production refuses.
 */
public final class ChainKey {
  private static final byte[] DEVELOPMENT =
      "phi-records development audit chain key: not secret".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;
  private final boolean development;

  /**
   * One initialised MAC per thread: looking up and keying a provider's MAC costs more than sealing
   * an event, and a MAC is not thread-safe. {@code doFinal} resets it for the next use.
   */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  private ChainKey(byte[] key, boolean development) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.development = development;
  }

  /** A key from raw bytes (tests, command line). */
  public static ChainKey of(byte[] key) {
    return new ChainKey(key, false);
  }

  /** The configured key (see the class comment). */
  public static ChainKey from(Function<String, Optional<String>> config) {
    Optional<String> base64 =
        config
            .apply("records.audit.chain-key")
            .or(() -> config.apply("records.audit.chain-key-file").map(ChainKey::read));
    if (base64.isEmpty()) {
      return new ChainKey(DEVELOPMENT, true);
    }
    byte[] key = Base64.getDecoder().decode(base64.get().trim());
    if (key.length < 32) {
      throw new IllegalStateException("records.audit.chain-key must be at least 32 bytes");
    }
    return new ChainKey(key, false);
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new IllegalStateException("the audit chain key file cannot be read");
    }
  }

  /** Whether this is the fixed development key. */
  public boolean development() {
    return development;
  }

  /** HMAC-SHA256 of {@code text}, hex. */
  public String seal(String text) {
    return HexFormat.of().formatHex(macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "ChainKey[" + (development ? "development" : "configured") + "]";
  }
}
