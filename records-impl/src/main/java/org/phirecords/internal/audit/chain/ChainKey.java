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
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One secret that seals the audit chain (HMAC-SHA256), with the id links name it by. Without it,
 * someone with write access to the database could edit an event and recompute every later link;
 * with it, they cannot. The active key is read from {@code records.audit.chain-key-file} or {@code
 * records.audit.chain-key} (base64, at least 32 bytes), its id from {@code
 * records.audit.chain-key-id} (default {@value #DEFAULT_ID}). Without a key, a fixed development
 * key is used, which production refuses. Retired keys: {@link ChainKeys}.
 */
public final class ChainKey {
  /** The id of a key configured without one, and of every link written before links named keys. */
  public static final String DEFAULT_ID = "default";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final byte[] DEVELOPMENT =
      "phi-records development audit chain key: not secret".getBytes(StandardCharsets.US_ASCII);

  private final String id;
  private final SecretKeySpec key;
  private final boolean development;

  /**
   * One initialised MAC per thread: looking up and keying a provider's MAC costs more than sealing
   * an event, and a MAC is not thread-safe. {@code doFinal} resets it for the next use.
   */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  private ChainKey(String id, byte[] key, boolean development) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalStateException("an audit chain key id is 1 to 64 of A-Z a-z 0-9 . _ -");
    }
    this.id = id;
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.development = development;
  }

  /** A key from raw bytes with the {@linkplain #DEFAULT_ID default id} (tests, command line). */
  public static ChainKey of(byte[] key) {
    return of(DEFAULT_ID, key);
  }

  /** A key from raw bytes named {@code id}. */
  public static ChainKey of(String id, byte[] key) {
    return new ChainKey(id, key, false);
  }

  /** The key in {@code file} (base64, at least 32 bytes) named {@code id}. */
  public static ChainKey fromFile(String id, Path file) {
    return decoded(id, read(file.toString()));
  }

  /** The configured active key (see the class comment). */
  public static ChainKey from(Function<String, Optional<String>> config) {
    String id = config.apply("records.audit.chain-key-id").orElse(DEFAULT_ID);
    Optional<String> base64 =
        config
            .apply("records.audit.chain-key")
            .or(() -> config.apply("records.audit.chain-key-file").map(ChainKey::read));
    if (base64.isEmpty()) {
      return new ChainKey(id, DEVELOPMENT, true);
    }
    return decoded(id, base64.get());
  }

  private static ChainKey decoded(String id, String base64) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the audit chain key " + id + " is not base64");
    }
    if (key.length < 32) {
      throw new IllegalStateException("the audit chain key " + id + " must be at least 32 bytes");
    }
    return new ChainKey(id, key, false);
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new IllegalStateException("the audit chain key file cannot be read");
    }
  }

  /** The id links sealed with this key name. */
  public String id() {
    return id;
  }

  /** Whether this is the fixed development key. */
  public boolean development() {
    return development;
  }

  /** HMAC-SHA256 of {@code text}, hex. */
  public String seal(String text) {
    return seal(text.getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA256 of {@code bytes}, hex. */
  public String seal(byte[] bytes) {
    return HexFormat.of().formatHex(macs.get().doFinal(bytes));
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
    return "ChainKey[" + id + ", " + (development ? "development" : "configured") + "]";
  }
}
