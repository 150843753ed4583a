package org.phirecords.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.StoreFixture;

class KmsSettingsTest {
  @Test
  void localIsTheDevelopmentDefaultAndNeedsA96ByteKey() {
    String key = StoreFixture.randomMasterKey();
    KmsSettings local =
        KmsSettings.from(new MapConfig().with("records.crypto.local.master-key", key)::get);
    assertThat(local.provider()).isEqualTo("local");
    assertThat(local.developmentKey()).isTrue();
    assertThat(local.masterKey()).isNull();
    assertThat((byte[]) local.kmsProviders().get("local").get("key")).hasSize(96);
    assertThatThrownBy(
            () ->
                KmsSettings.from(
                    new MapConfig().with("records.crypto.local.master-key", "c2hvcnQ=")::get))
        .isInstanceOf(KmsSettings.Invalid.class)
        .hasMessageContaining("96 bytes");
  }

  @Test
  void awsMapsCredentialsAndMasterKey() {
    KmsSettings aws =
        KmsSettings.from(
            new MapConfig()
                    .with("records.crypto.kms-provider", "aws")
                    .with("records.crypto.aws.access-key-id", "AKIAEXAMPLE")
                    .with("records.crypto.aws.secret-access-key", "secret-value")
                    .with("records.crypto.aws.region", "us-east-1")
                    .with("records.crypto.aws.key", "arn:aws:kms:us-east-1:1:key/abc")
                ::get);
    assertThat(aws.developmentKey()).isFalse();
    assertThat(aws.kmsProviders())
        .isEqualTo(
            Map.of("aws", Map.of("accessKeyId", "AKIAEXAMPLE", "secretAccessKey", "secret-value")));
    assertThat(aws.masterKey())
        .isEqualTo(
            BsonDocument.parse("{region: 'us-east-1', key: 'arn:aws:kms:us-east-1:1:key/abc'}"));
    assertThat(aws.toString()).doesNotContain("secret-value");
  }

  @Test
  void azureGcpAndKmipMapTheirFields() {
    KmsSettings azure =
        KmsSettings.from(
            new MapConfig()
                    .with("records.crypto.kms-provider", "azure")
                    .with("records.crypto.azure.tenant-id", "t")
                    .with("records.crypto.azure.client-id", "c")
                    .with("records.crypto.azure.client-secret", "s")
                    .with("records.crypto.azure.key-vault-endpoint", "vault.example")
                    .with("records.crypto.azure.key-name", "phi")
                ::get);
    assertThat(azure.kmsProviders().get("azure"))
        .containsOnlyKeys("tenantId", "clientId", "clientSecret");
    assertThat(azure.masterKey().keySet()).containsExactly("keyVaultEndpoint", "keyName");

    KmsSettings gcp =
        KmsSettings.from(
            new MapConfig()
                    .with("records.crypto.kms-provider", "GCP")
                    .with("records.crypto.gcp.email", "svc@example.iam")
                    .with("records.crypto.gcp.private-key", "cGs=")
                    .with("records.crypto.gcp.project-id", "p")
                    .with("records.crypto.gcp.location", "global")
                    .with("records.crypto.gcp.key-ring", "r")
                    .with("records.crypto.gcp.key-name", "k")
                ::get);
    assertThat(gcp.masterKey().keySet())
        .containsExactly("projectId", "location", "keyRing", "keyName");

    KmsSettings kmip =
        KmsSettings.from(
            new MapConfig()
                    .with("records.crypto.kms-provider", "kmip")
                    .with("records.crypto.kmip.endpoint", "kmip.example:5696")
                ::get);
    assertThat(kmip.kmsProviders())
        .isEqualTo(Map.of("kmip", Map.of("endpoint", "kmip.example:5696")));
  }

  @Test
  void missingSettingsNameTheKeyButNoValue() {
    assertThatThrownBy(
            () ->
                KmsSettings.from(
                    new MapConfig()
                            .with("records.crypto.kms-provider", "aws")
                            .with("records.crypto.aws.access-key-id", "AKIAEXAMPLE")
                        ::get))
        .isInstanceOf(KmsSettings.Invalid.class)
        .hasMessageContaining("records.crypto.aws.secret-access-key")
        .hasMessageNotContaining("AKIAEXAMPLE");
    assertThatThrownBy(
            () ->
                KmsSettings.from(new MapConfig().with("records.crypto.kms-provider", "rot13")::get))
        .isInstanceOf(KmsSettings.Invalid.class);
  }

  @Test
  void aRetiringLocalKeyUnwrapsWhatItWrappedWhileTheCurrentKeyWraps() {
    String current = StoreFixture.randomMasterKey();
    String previous = StoreFixture.randomMasterKey();
    KmsSettings alone =
        KmsSettings.from(new MapConfig().with("records.crypto.local.master-key", current)::get);
    KmsSettings oldAlone =
        KmsSettings.from(new MapConfig().with("records.crypto.local.master-key", previous)::get);
    KmsSettings rotating =
        KmsSettings.from(
            new MapConfig()
                    .with("records.crypto.local.master-key", current)
                    .with("records.crypto.local.previous-master-key", previous)
                ::get);
    assertThat(alone.wrapProvider()).startsWith("local:k").isNotEqualTo(oldAlone.wrapProvider());
    assertThat(rotating.wrapProvider()).isEqualTo(alone.wrapProvider());
    assertThat(rotating.kmsProviders())
        .containsOnlyKeys("local", alone.wrapProvider(), oldAlone.wrapProvider());
    assertThat((byte[]) rotating.kmsProviders().get("local").get("key"))
        .as("plain local: keys from before named providers, wrapped by the retiring key")
        .isEqualTo(java.util.Base64.getDecoder().decode(previous));
    assertThat((byte[]) rotating.kmsProviders().get(alone.wrapProvider()).get("key"))
        .isEqualTo(java.util.Base64.getDecoder().decode(current));
    assertThat(alone.wrapProvider()).doesNotContain(current);
    assertThatThrownBy(
            () ->
                KmsSettings.from(
                    new MapConfig()
                            .with("records.crypto.local.master-key", current)
                            .with("records.crypto.local.previous-master-key", current)
                        ::get))
        .isInstanceOf(KmsSettings.Invalid.class)
        .hasMessageNotContaining(current);
  }
}
