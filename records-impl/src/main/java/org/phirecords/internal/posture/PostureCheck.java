package org.phirecords.internal.posture;

import com.mongodb.ConnectionString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.phirecords.internal.config.RecordsConfig.Store;
import org.phirecords.internal.config.RecordsMode;
import org.phirecords.internal.config.StoreSettings;

/**
 * The security posture rules (invariant 5, docs/architecture.md), as a pure function so they can be
 * unit-tested. In production every store needs a connection string with TLS, with the server's
 * certificate and host name verified, and credentials. Problems name the store and the rule, never
 * the connection string (it may hold a password).
 */
public final class PostureCheck {
  private PostureCheck() {}

  /**
   * Connection string options that switch off verification of the server's certificate or host
   * name, lower case. The Java driver maps {@code tlsInsecure}, {@code tlsAllowInvalidHostnames}
   * and {@code sslInvalidHostnameAllowed} to no host name check and ignores {@code
   * tlsAllowInvalidCertificates} with a warning; all are refused in production, whatever their
   * effect on this driver version, as they state an intent to trust an unverified server.
   */
  static final List<String> UNVERIFIED_TLS_OPTIONS =
      List.of(
          "tlsinsecure",
          "tlsallowinvalidcertificates",
          "tlsallowinvalidhostnames",
          "sslinvalidhostnameallowed");

  /** The issuer of the development launcher's tokens, refused in production. */
  public static final String DEVELOPMENT_ISSUER = "urn:phi-records:development";

  /**
   * What is wrong in {@code mode} with the token audiences configured ({@code
   * mp.jwt.verify.audiences}): production requires at least one, so that a token issued for another
   * service of the same identity provider is refused.
   */
  public static List<String> audienceProblems(RecordsMode mode, String audiences) {
    boolean none = audiences == null || audiences.replace(",", " ").isBlank();
    return mode == RecordsMode.PRODUCTION && none
        ? List.of("jwt: production requires mp.jwt.verify.audiences (this API's audience)")
        : List.of();
  }

  /**
   * What is wrong in {@code mode} with {@code stores}, the master key provider ({@code
   * developmentKey}: a local key file instead of a KMS) and the accepted token issuer; empty if the
   * module may start.
   */
  public static List<String> problems(
      RecordsMode mode, Map<Store, StoreSettings> stores, boolean developmentKey, String issuer) {
    List<String> problems = new ArrayList<>();
    if (mode == RecordsMode.PRODUCTION && developmentKey) {
      problems.add(
          "crypto: production refuses the local development master key;"
              + " configure records.crypto.kms-provider (aws, azure, gcp or kmip)");
    }
    if (mode == RecordsMode.PRODUCTION && DEVELOPMENT_ISSUER.equals(issuer)) {
      problems.add("jwt: production refuses tokens of the development issuer");
    }
    for (Map.Entry<Store, StoreSettings> e : stores.entrySet()) {
      String store = e.getKey().name().toLowerCase(Locale.ROOT);
      String uri = e.getValue().uri();
      if (uri.isEmpty()) {
        problems.add(store + ": no connection string (records.mongodb.uri)");
        continue;
      }
      ConnectionString cs;
      try {
        cs = new ConnectionString(uri);
      } catch (IllegalArgumentException malformed) {
        problems.add(store + ": the connection string is malformed");
        continue;
      }
      if (mode == RecordsMode.PRODUCTION) {
        if (!Boolean.TRUE.equals(cs.getSslEnabled())) {
          problems.add(store + ": production requires TLS (tls=true) to MongoDB");
        }
        List<String> unverified = unverifiedTlsOptions(uri);
        if (!unverified.isEmpty() || Boolean.TRUE.equals(cs.getSslInvalidHostnameAllowed())) {
          problems.add(
              store
                  + ": production refuses TLS without verification of the server's certificate"
                  + " and host name"
                  + (unverified.isEmpty() ? "" : " (" + String.join(", ", unverified) + ")"));
        }
        if (cs.getCredential() == null) {
          problems.add(store + ": production requires credentials for MongoDB");
        }
      }
    }
    return problems;
  }

  /**
   * What production should not run with, though it may start (logged as warnings): a key vault on
   * the cluster of the identity or clinical data, whose copies then carry the data keys with them;
   * and tenants without master keys of their own, whose data keys outlive offboarding in backups of
   * the key vault (ADR 24).
   */
  public static List<String> warnings(
      RecordsMode mode, Map<Store, StoreSettings> stores, boolean tenantMasterKeys) {
    List<String> warnings = new ArrayList<>();
    if (mode != RecordsMode.PRODUCTION) {
      return warnings;
    }
    List<String> keys = hosts(stores.get(Store.KEYS));
    for (Store data : List.of(Store.IDENTITY, Store.CLINICAL)) {
      if (!keys.isEmpty() && keys.equals(hosts(stores.get(data)))) {
        warnings.add(
            "keys: the key vault shares the "
                + data.name().toLowerCase(Locale.ROOT)
                + " data's connection (records.mongodb.keys.uri); a copy or backup of that"
                + " cluster carries the data keys with the data");
        break;
      }
    }
    if (!tenantMasterKeys) {
      warnings.add(
          "crypto: records.crypto.tenant-master-keys is off; an offboarded tenant's data keys"
              + " stay readable in backups of the key vault under the shared master key");
    }
    return warnings;
  }

  /** The hosts of a store's connection string, sorted; empty if none or malformed. */
  private static List<String> hosts(StoreSettings store) {
    try {
      return store == null || store.uri().isEmpty()
          ? List.of()
          : new ConnectionString(store.uri())
              .getHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).sorted().toList();
    } catch (IllegalArgumentException malformed) {
      return List.of();
    }
  }

  /**
   * The options of {@link #UNVERIFIED_TLS_OPTIONS} set in {@code uri} to anything but an explicit
   * false ({@code false}, {@code no} or {@code 0}), as their names are spelt in the list.
   */
  static List<String> unverifiedTlsOptions(String uri) {
    int query = uri.indexOf('?');
    if (query < 0) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    for (String option : uri.substring(query + 1).split("[&;]")) {
      int eq = option.indexOf('=');
      String key = (eq < 0 ? option : option.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : option.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
      if (UNVERIFIED_TLS_OPTIONS.contains(key)
          && !List.of("false", "no", "0").contains(value)
          && !found.contains(key)) {
        found.add(key);
      }
    }
    return found;
  }
}
