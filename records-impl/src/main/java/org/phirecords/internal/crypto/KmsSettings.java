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
 * @param provider the active provider name
 * @param kmsProviders the driver's {@code kmsProviders} map (credentials)
 * @param masterKey the master key document for new data keys ({@code null} for local)
 */
public record KmsSettings(
    String provider, Map<String, Map<String, Object>> kmsProviders, BsonDocument masterKey) {

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
    switch (provider) {
      case "local" -> credentials.put("key", r.localKey());
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
    return new KmsSettings(
        provider,
        Map.of(provider, Map.copyOf(credentials)),
        provider.equals("local") ? null : masterKey);
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

    byte[] localKey() {
      String base64 =
          optional("master-key")
              .or(() -> optional("master-key-file").map(Reader::readFile))
              .orElseThrow(
                  () ->
                      new Invalid(
                          prefix + "master-key-file (or " + prefix + "master-key) is required"));
      byte[] key;
      try {
        key = Base64.getDecoder().decode(base64.trim());
      } catch (IllegalArgumentException e) {
        throw new Invalid(prefix + "master-key must be base64");
      }
      if (key.length != 96) {
        throw new Invalid(prefix + "master-key must be 96 bytes");
      }
      return key;
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
