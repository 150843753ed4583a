package org.phirecords.internal.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.phirecords.model.TenantId;

/**
 * Per-tenant master keys ({@code records.crypto.tenant-master-keys}, ADR 24): each tenant's data
 * keys are wrapped by a master key of its own, so that destroying it at offboarding leaves the
 * tenant's data keys unreadable in every backup of the key vault.
 *
 * <p>With a KMS the tenant's key is named by {@code records.crypto.tenant-key-template}, its {@code
 * {tenant}} replaced by the tenant id (an AWS key ARN or alias, an Azure or GCP key name, a KMIP
 * key id); the operator creates it before onboarding and deletes it in the KMS after offboarding.
 * With the local development key, a 96-byte key is generated for the tenant in {@code
 * records.crypto.local.tenant-key-dir} (owner-only permissions) and known to the driver as the
 * named provider {@code local:t<hash of the tenant id>}; offboarding overwrites and deletes it.
 */
public final class TenantMasterKeys {
  private static final String SUFFIX = ".key";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final boolean POSIX =
      java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final KmsSettings kms;
  private final Optional<String> template;
  private final Optional<Path> keyDir;

  private TenantMasterKeys(KmsSettings kms, Optional<String> template, Optional<Path> keyDir) {
    this.kms = kms;
    this.template = template;
    this.keyDir = keyDir;
  }

  /** Off: every data key is wrapped by the shared master key (the behaviour before ADR 24). */
  public static TenantMasterKeys off(KmsSettings kms) {
    return new TenantMasterKeys(kms, Optional.empty(), Optional.empty());
  }

  /** Reads the settings through {@code config}; {@link KmsSettings.Invalid} if incomplete. */
  public static TenantMasterKeys from(Function<String, Optional<String>> config, KmsSettings kms) {
    boolean on =
        config
            .apply("records.crypto.tenant-master-keys")
            .map(v -> Boolean.parseBoolean(v.trim().toLowerCase(Locale.ROOT)))
            .orElse(false);
    if (!on) {
      return off(kms);
    }
    if (kms.developmentKey()) {
      String dir =
          config
              .apply("records.crypto.local.tenant-key-dir")
              .map(String::trim)
              .filter(s -> !s.isEmpty())
              .orElseThrow(
                  () -> new KmsSettings.Invalid("records.crypto.local.tenant-key-dir is required"));
      return new TenantMasterKeys(kms, Optional.empty(), Optional.of(Path.of(dir)));
    }
    String template =
        config
            .apply("records.crypto.tenant-key-template")
            .map(String::trim)
            .filter(s -> s.contains("{tenant}"))
            .orElseThrow(
                () ->
                    new KmsSettings.Invalid(
                        "records.crypto.tenant-key-template (with {tenant}) is required"));
    return new TenantMasterKeys(kms, Optional.of(template), Optional.empty());
  }

  /** Whether each tenant has its own master key. */
  public boolean enabled() {
    return template.isPresent() || keyDir.isPresent();
  }

  /** The provider name that {@code tenant}'s data keys are wrapped under. */
  String provider(TenantId tenant) {
    if (keyDir.isPresent()) {
      return "local:" + fileStem(tenant);
    }
    return kms.wrapProvider();
  }

  /** The master key document of {@code tenant}'s data keys ({@code null} for local keys). */
  BsonDocument masterKey(TenantId tenant) {
    if (template.isEmpty()) {
      return kms.masterKey();
    }
    BsonDocument key = kms.masterKey().clone();
    String field =
        switch (kms.provider()) {
          case "aws" -> "key";
          case "kmip" -> "keyId";
          default -> "keyName"; // azure, gcp
        };
    key.put(field, new BsonString(template.get().replace("{tenant}", tenant.value())));
    return key;
  }

  /**
   * Makes sure {@code tenant}'s local key exists, generating it if not; whether it was generated.
   * The file is created with owner-only permissions and never overwritten (a concurrent creator
   * wins).
   */
  boolean ensureLocal(TenantId tenant) {
    if (keyDir.isEmpty()) {
      return false;
    }
    Path file = keyDir.get().resolve(fileStem(tenant) + SUFFIX);
    if (Files.exists(file)) {
      return false;
    }
    byte[] key = new byte[96];
    RANDOM.nextBytes(key);
    try {
      Path partial;
      if (POSIX) {
        Files.createDirectories(
            keyDir.get(),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        partial = Files.createTempFile(keyDir.get(), ".new-", SUFFIX, ownerOnly());
      } else {
        // No POSIX permissions (Windows): the directory's access list applies.
        Files.createDirectories(keyDir.get());
        partial = Files.createTempFile(keyDir.get(), ".new-", SUFFIX);
      }
      Files.write(partial, Base64.getEncoder().encode(key));
      try {
        Files.createLink(file, partial);
        return true;
      } catch (FileAlreadyExistsException raced) {
        return false;
      } finally {
        Files.delete(partial);
      }
    } catch (IOException e) {
      throw new IllegalStateException("the tenant key directory cannot be written", e);
    }
  }

  /** Every tenant's local key in the key directory, as the driver's named local providers. */
  Map<String, Map<String, Object>> localProviders() {
    Map<String, Map<String, Object>> providers = new TreeMap<>();
    if (keyDir.isEmpty() || !Files.isDirectory(keyDir.get())) {
      return providers;
    }
    try (var files = Files.list(keyDir.get())) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.startsWith("t") && name.endsWith(SUFFIX)) {
          byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
          String stem = name.substring(0, name.length() - SUFFIX.length());
          providers.put("local:" + stem, Map.of("key", key));
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("the tenant key directory cannot be read", e);
    }
    return providers;
  }

  /**
   * Crypto-shredding of the tenant's local key: overwritten with random bytes, forced to disk, then
   * deleted. Whether a key was there. A KMS key is not touched here (the module holds no right to
   * delete it; ADR 24).
   */
  boolean destroyLocal(TenantId tenant) {
    if (keyDir.isEmpty()) {
      return false;
    }
    Path file = keyDir.get().resolve(fileStem(tenant) + SUFFIX);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      byte[] noise = new byte[(int) channel.size()];
      RANDOM.nextBytes(noise);
      channel.write(ByteBuffer.wrap(noise), 0);
      channel.force(true);
    } catch (java.nio.file.NoSuchFileException gone) {
      return false;
    } catch (IOException e) {
      throw new IllegalStateException("the tenant key cannot be destroyed", e);
    }
    try {
      return Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new IllegalStateException("the tenant key cannot be destroyed", e);
    }
  }

  /** The local key's file name without suffix: {@code t} and a hash, never the tenant id. */
  static String fileStem(TenantId tenant) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(tenant.value().getBytes(StandardCharsets.UTF_8));
      return "t" + HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static java.nio.file.attribute.FileAttribute<?> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  }

  @Override
  public String toString() {
    return "TenantMasterKeys[enabled=" + enabled() + "]";
  }
}
