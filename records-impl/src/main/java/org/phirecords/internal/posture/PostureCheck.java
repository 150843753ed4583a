package org.phirecords.internal.posture;

import com.mongodb.ConnectionString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.phirecords.internal.config.RecordsConfig.Store;
import org.phirecords.internal.config.RecordsMode;
import org.phirecords.internal.config.StoreSettings;

/**
 * The security posture rules (DESIGN invariant 5), as a pure function so they can be unit-tested.
 * In production every store needs a connection string with TLS and credentials. Problems name the
 * store and the rule, never the connection string (it may hold a password).
 */
public final class PostureCheck {
  private PostureCheck() {}

  /** The issuer of the development launcher's tokens, refused in production. */
  public static final String DEVELOPMENT_ISSUER = "urn:phi-records:development";

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
      String store = e.getKey().name().toLowerCase(java.util.Locale.ROOT);
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
        if (cs.getCredential() == null) {
          problems.add(store + ": production requires credentials for MongoDB");
        }
      }
    }
    return problems;
  }
}
