package org.phirecords.internal.posture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.config.RecordsConfig.Store;
import org.phirecords.internal.config.RecordsMode;
import org.phirecords.internal.config.StoreSettings;
import org.phirecords.internal.testing.MapConfig;

class PostureCheckTest {
  private static Map<Store, StoreSettings> all(String uri) {
    Map<Store, StoreSettings> stores = new EnumMap<>(Store.class);
    for (Store s : Store.values()) {
      stores.put(s, new StoreSettings(uri, "db"));
    }
    return stores;
  }

  @Test
  void productionIsTheDefaultMode() {
    assertThat(new RecordsConfig(new MapConfig()).mode()).isEqualTo(RecordsMode.PRODUCTION);
    assertThat(new RecordsConfig(new MapConfig().with("records.mode", "development")).mode())
        .isEqualTo(RecordsMode.DEVELOPMENT);
  }

  @Test
  void productionRefusesPlainAndAnonymousConnections() {
    assertThat(
            PostureCheck.problems(
                RecordsMode.PRODUCTION, all("mongodb://localhost:27017"), false, null))
        .hasSize(10)
        .anyMatch(p -> p.startsWith("identity: production requires TLS"))
        .anyMatch(p -> p.startsWith("audit: production requires credentials"));
  }

  @Test
  void productionAcceptsTlsWithCredentialsAndNeverEchoesThePassword() {
    assertThat(
            PostureCheck.problems(
                RecordsMode.PRODUCTION,
                all("mongodb://app:s3cret@db.example:27017/?tls=true"),
                false,
                "https://idp.example"))
        .isEmpty();
    assertThat(
            PostureCheck.problems(
                RecordsMode.PRODUCTION, all("mongodb://app:s3cret@db.example"), false, null))
        .isNotEmpty()
        .noneMatch(p -> p.contains("s3cret"));
  }

  @Test
  void productionRefusesTlsWithoutCertificateOrHostNameVerification() {
    String good = "mongodb://app:s3cret@db.example:27017/?tls=true";
    for (String option :
        new String[] {
          "tlsInsecure=true",
          "tlsAllowInvalidCertificates=true",
          "tlsAllowInvalidHostnames=true",
          "sslInvalidHostnameAllowed=true",
          "TLSINSECURE=True",
          "tlsAllowInvalidCertificates=yes"
        }) {
      assertThat(
              PostureCheck.problems(
                  RecordsMode.PRODUCTION, all(good + "&" + option), false, "https://idp.example"))
          .as(option)
          .hasSize(5)
          .allMatch(p -> p.contains("production refuses TLS without verification"))
          .allMatch(
              p ->
                  p.contains(
                      option.substring(0, option.indexOf('=')).toLowerCase(java.util.Locale.ROOT)))
          .noneMatch(p -> p.contains("s3cret"));
    }
    // Only the identity store's string is insecure: only that store is reported.
    Map<Store, StoreSettings> stores = all(good);
    stores.put(Store.IDENTITY, new StoreSettings(good + ";tlsInsecure=true", "db"));
    assertThat(PostureCheck.problems(RecordsMode.PRODUCTION, stores, false, null))
        .singleElement()
        .asString()
        .startsWith("identity: production refuses TLS without verification")
        .endsWith("(tlsinsecure)");
    // Explicitly off is the driver's default: accepted.
    assertThat(
            PostureCheck.problems(
                RecordsMode.PRODUCTION,
                all(good + "&tlsInsecure=false&tlsAllowInvalidCertificates=false"),
                false,
                null))
        .isEmpty();
    // Development mode does not judge TLS at all.
    assertThat(
            PostureCheck.problems(
                RecordsMode.DEVELOPMENT, all(good + "&tlsInsecure=true"), true, null))
        .isEmpty();
  }

  @Test
  void developmentAllowsThePlainEmbeddedStoreButNotAMissingOne() {
    assertThat(
            PostureCheck.problems(
                RecordsMode.DEVELOPMENT,
                all("mongodb://localhost:27017"),
                true,
                PostureCheck.DEVELOPMENT_ISSUER))
        .isEmpty();
    assertThat(PostureCheck.problems(RecordsMode.DEVELOPMENT, all(""), true, null))
        .hasSize(5)
        .allMatch(p -> p.contains("no connection string"));
  }

  @Test
  void productionRefusesTheDevelopmentMasterKeyAndIssuer() {
    String good = "mongodb://app:pw@db.example/?tls=true";
    assertThat(PostureCheck.problems(RecordsMode.PRODUCTION, all(good), true, null))
        .singleElement()
        .asString()
        .contains("development master key");
    assertThat(
            PostureCheck.problems(
                RecordsMode.PRODUCTION, all(good), false, PostureCheck.DEVELOPMENT_ISSUER))
        .singleElement()
        .asString()
        .contains("development issuer");
  }

  @Test
  void identityCanLiveOnItsOwnCluster() {
    RecordsConfig config =
        new RecordsConfig(
            new MapConfig()
                .with("records.mongodb.uri", "mongodb://shared")
                .with("records.mongodb.identity.uri", "mongodb://identity-cluster"));
    assertThat(config.store(Store.IDENTITY))
        .isEqualTo(new StoreSettings("mongodb://identity-cluster", "phi_identity"));
    assertThat(config.store(Store.CLINICAL))
        .isEqualTo(new StoreSettings("mongodb://shared", "phi_clinical"));
  }

  @Test
  void productionRequiresAnAudienceAndDevelopmentDoesNot() {
    assertThat(PostureCheck.audienceProblems(RecordsMode.PRODUCTION, null))
        .singleElement()
        .asString()
        .contains("mp.jwt.verify.audiences");
    assertThat(PostureCheck.audienceProblems(RecordsMode.PRODUCTION, " , ")).hasSize(1);
    assertThat(PostureCheck.audienceProblems(RecordsMode.PRODUCTION, "phi-records")).isEmpty();
    assertThat(PostureCheck.audienceProblems(RecordsMode.DEVELOPMENT, null)).isEmpty();
  }

  @Test
  void productionWarnsWhenTheKeyVaultSharesTheDataClusterOrTenantsShareTheMasterKey() {
    String data = "mongodb://app:s3cret@db1.example:27017,db2.example:27017/?tls=true";
    Map<Store, StoreSettings> shared = all(data);
    assertThat(PostureCheck.warnings(RecordsMode.PRODUCTION, shared, true))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("keys: the key vault shares the identity data's connection")
        .doesNotContain("s3cret");
    // The same cluster under other credentials and host order is still the same cluster.
    shared.put(
        Store.KEYS,
        new StoreSettings(
            "mongodb://keys:other@DB2.example:27017,db1.example:27017/?tls=true", "k"));
    assertThat(PostureCheck.warnings(RecordsMode.PRODUCTION, shared, true)).hasSize(1);
    Map<Store, StoreSettings> apart = all(data);
    apart.put(
        Store.KEYS, new StoreSettings("mongodb://keys:other@vault.example:27017/?tls=true", "k"));
    assertThat(PostureCheck.warnings(RecordsMode.PRODUCTION, apart, true)).isEmpty();
    assertThat(PostureCheck.warnings(RecordsMode.PRODUCTION, apart, false))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("records.crypto.tenant-master-keys is off");
    assertThat(PostureCheck.warnings(RecordsMode.DEVELOPMENT, shared, false)).isEmpty();
  }
}
