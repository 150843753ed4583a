package org.phirecords.internal.crypto;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * Maps {@code records.crypto.*} configuration to the driver's KMS provider map and the master key
 * document used to create data keys. One provider is active: {@code local} (development: a key file
 * or base64 key of 96 bytes), {@code aws}, {@code azure}, {@code gcp} or {@code kmip}.
 *
 * <p>Master key rotation: a local master key wraps data keys under the named provider {@code
 * local:k<fingerprint>}, so that two local keys can be known at once. While {@code
 * records.crypto.local.previous-master-key} (or {@code -file}) names the retiring local key, it
 * unwraps keys still wrapped by it (under plain {@code local} or its own name) and {@link
 * FieldCipher#rewrapAll()} re-wraps them under the current master key; then the retiring key can be
 * removed from the configuration. Without it, plain {@code local} is the current key (data keys
 * created before named providers).
 *
 * @param provider the active provider type
 * @param kmsProviders the driver's {@code kmsProviders} map (credentials)
 * @param masterKey the master key document for new data keys ({@code null} for local)
 * @param wrapProvider the provider name that new and re-wrapped data keys are wrapped under
 */
public record KmsSettings(
    String provider,
    Map<String, Map<String, Object>> kmsProviders,
    BsonDocument masterKey,
    String wrapProvider) {

  /** Thrown for incomplete or invalid settings; names keys, never their values. */
  public static final class Invalid extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  /** Reads settings through {@code config} (key to value). */
  public static KmsSettings from(Function<String, Optional<String>> config) {
    String provider =
        config.apply("records.crypto.kms-provider").orElse("local").toLowerCase(Locale.ROOT);
    Reader r = new Reader(config, "records.crypto." + provider + ".");
    Map<String, Object> credentials = new LinkedHashMap<>();
    BsonDocument masterKey = new BsonDocument();
    Map<String, Map<String, Object>> providers = new LinkedHashMap<>();
    String wrapProvider = provider;
    Reader local = new Reader(config, "records.crypto.local.");
    Optional<byte[]> previous = local.localKey("previous-master-key");
    switch (provider) {
      case "local" -> {
        byte[] key = local.localKey("master-key").orElseThrow(Reader::missingLocalKey);
        credentials.put("key", key);
        wrapProvider = namedLocal(key);
        providers.put(wrapProvider, Map.of("key", key));
      }
      case "aws" -> {
        credentials.put("accessKeyId", r.required("access-key-id"));
        credentials.put("secretAccessKey", r.required("secret-access-key"));
        r.optional("session-token").ifPresent(v -> credentials.put("sessionToken", v));
        masterKey.put("region", new BsonString(r.required("region")));
        masterKey.put("key", new BsonString(r.required("key")));
        r.optional("endpoint").ifPresent(v -> masterKey.put("endpoint", new BsonString(v)));
      }
      case "azure" -> {
        credentials.put("tenantId", r.required("tenant-id"));
        credentials.put("clientId", r.required("client-id"));
        credentials.put("clientSecret", r.required("client-secret"));
        r.optional("identity-platform-endpoint")
            .ifPresent(v -> credentials.put("identityPlatformEndpoint", v));
        masterKey.put("keyVaultEndpoint", new BsonString(r.required("key-vault-endpoint")));
        masterKey.put("keyName", new BsonString(r.required("key-name")));
        r.optional("key-version").ifPresent(v -> masterKey.put("keyVersion", new BsonString(v)));
      }
      case "gcp" -> {
        credentials.put("email", r.required("email"));
        credentials.put("privateKey", r.required("private-key"));
        r.optional("endpoint").ifPresent(v -> credentials.put("endpoint", v));
        masterKey.put("projectId", new BsonString(r.required("project-id")));
        masterKey.put("location", new BsonString(r.required("location")));
        masterKey.put("keyRing", new BsonString(r.required("key-ring")));
        masterKey.put("keyName", new BsonString(r.required("key-name")));
        r.optional("key-version").ifPresent(v -> masterKey.put("keyVersion", new BsonString(v)));
      }
      case "kmip" -> {
        credentials.put("endpoint", r.required("endpoint"));
        r.optional("key-id").ifPresent(v -> masterKey.put("keyId", new BsonString(v)));
      }
      default ->
          throw new Invalid("records.crypto.kms-provider must be local, aws, azure, gcp or kmip");
    }
    // Plain "local": keys wrapped before named providers, by the retiring key if one is set.
    providers.putIfAbsent(provider, Map.copyOf(credentials));
    previous.ifPresent(
        key -> {
          providers.put("local", Map.of("key", key));
          providers.putIfAbsent(namedLocal(key), Map.of("key", key));
        });
    if (previous.isPresent() && wrapProvider.equals(namedLocal(previous.get()))) {
      throw new Invalid(
          "records.crypto.local.previous-master-key must differ from the current master key");
    }
    return new KmsSettings(
        provider, Map.copyOf(providers), provider.equals("local") ? null : masterKey, wrapProvider);
  }

  /** The named local provider of {@code key}: a fingerprint, never the key. */
  private static String namedLocal(byte[] key) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(key);
      return "local:k" + java.util.HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the master key is a development key (a local key, not a KMS). */
  public boolean developmentKey() {
    return provider.equals("local");
  }

  @Override
  public String toString() {
    return "KmsSettings[provider=" + provider + "]";
  }

  private record Reader(Function<String, Optional<String>> config, String prefix) {
    String required(String name) {
      return optional(name).orElseThrow(() -> new Invalid(prefix + name + " is required"));
    }

    Optional<String> optional(String name) {
      return config.apply(prefix + name).map(String::trim).filter(s -> !s.isEmpty());
    }

    static Invalid missingLocalKey() {
      return new Invalid(
          "records.crypto.local.master-key-file (or records.crypto.local.master-key) is required");
    }

    /** A local key named {@code name} (inline) or {@code name-file}, if configured. */
    Optional<byte[]> localKey(String name) {
      Optional<String> base64 =
          optional(name).or(() -> optional(name + "-file").map(Reader::readFile));
      if (base64.isEmpty()) {
        return Optional.empty();
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(base64.get().trim());
      } catch (IllegalArgumentException e) {
        throw new Invalid(prefix + name + " must be base64");
      }
      if (key.length != 96) {
        throw new Invalid(prefix + name + " must be 96 bytes");
      }
      return Optional.of(key);
    }

    private static String readFile(String path) {
      try {
        return java.nio.file.Files.readString(java.nio.file.Path.of(path));
      } catch (java.io.IOException e) {
        throw new Invalid("the local master key file cannot be read");
      }
    }
  }
}
