package org.phirecords.internal.audit.chain;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phirecords.audit.ChainCheckpoint;
import org.phirecords.audit.ChainVerification;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.testing.StoreFixture;

/** The chain key rotates: each link names its key, and old links verify with old keys. */
class ChainKeyRotationTest {
  private static final byte[] A = bytes(0x0a);
  private static final byte[] B = bytes(0x0b);
  private final ChainKey keyA = ChainKey.of("key-a", A);
  private final ChainKey keyB = ChainKey.of("key-b", B);
  private final StoreFixture fixture = new StoreFixture();
  @TempDir Path dir;

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void linksOfARetiredKeyVerifyWithItAndAreReportedWithoutIt() {
    ChainTests.record(trail(ChainKeys.of(keyA)), 3);
    ChainTests.record(trail(ChainKeys.of(keyB, keyA)), 3);
    assertThat(fixture.collections.auditHeads().find(eq("_id", "tenant-a")).first().get("kid"))
        .isEqualTo("key-b");

    ChainVerification both = verifier(ChainKeys.of(keyB, keyA)).verify("tenant-a", null, null);
    assertThat(both.valid()).as(both.toString()).isTrue();
    assertThat(both.checked()).isEqualTo(6);

    ChainVerification withoutA = verifier(ChainKeys.of(keyB)).verify("tenant-a", null, null);
    assertThat(withoutA)
        .extracting(
            ChainVerification::valid, ChainVerification::problem, ChainVerification::brokenAt)
        .containsExactly(false, "KEY_UNKNOWN", 1L);
    assertThat(withoutA.checked()).isEqualTo(6);
    assertThat(withoutA.detail()).contains("positions 1-3 (key 'key-a')");
    // Only A: the newer links and the head cannot be verified.
    ChainVerification withoutB = verifier(ChainKeys.of(keyA)).verify("tenant-a", null, null);
    assertThat(withoutB.problem()).isEqualTo("KEY_UNKNOWN");
    assertThat(withoutB.brokenAt()).isEqualTo(4L);
    assertThat(withoutB.detail()).contains("positions 4-6 (key 'key-b')", "the chain head");
  }

  @Test
  void aCheckpointOfARetiredKeyIsReportedWhenTheKeyIsGone() {
    ChainTests.record(trail(ChainKeys.of(keyA)), 2);
    ChainCheckpoint sealedByA =
        ChainCheckpoints.seal(keyA, "tenant-a", 2, "00", java.time.Instant.now());
    ChainTests.record(trail(ChainKeys.of(keyB, keyA)), 1);
    ChainVerification result =
        verifier(ChainKeys.of(keyB))
            .withCheckpoints(chain -> List.of(sealedByA))
            .verify("tenant-a", null, null);
    assertThat(result.problem()).isEqualTo("KEY_UNKNOWN");
    assertThat(result.detail()).contains("the checkpoint of position 2 (key 'key-a')");
  }

  @Test
  void theRingIsConfiguredAndTheCommandLineTakesRetiredKeys() throws Exception {
    Path fileA = write("a.b64", A);
    Path fileB = write("b.b64", B);
    Map<String, String> config =
        Map.of(
            "records.audit.chain-key-file",
            fileB.toString(),
            "records.audit.chain-key-id",
            "key-b",
            "records.audit.chain-keys",
            "key-a=" + fileA);
    ChainKeys configured = ChainKeys.from(k -> Optional.ofNullable(config.get(k)));
    assertThat(configured.active().id()).isEqualTo("key-b");
    assertThat(configured.find("key-a")).isPresent();
    ChainTests.record(trail(ChainKeys.of(keyA)), 2);
    ChainTests.record(trail(configured), 2);

    String uri = ChainTests.auditUri(fixture);
    String[] active = {
      "--uri", uri, "--chain", "tenant-a", "--key-file", fileB.toString(), "--key-id", "key-b"
    };
    assertThat(VerifyAuditChain.run(active)).as("key-a missing").isEqualTo(1);
    String[] ring = {
      "--uri",
      uri,
      "--chain",
      "tenant-a",
      "--key-file",
      fileB.toString(),
      "--key-id",
      "key-b",
      "--key",
      "key-a=" + fileA
    };
    assertThat(VerifyAuditChain.run(ring)).isZero();
  }

  private AuditTrail trail(ChainKeys keys) {
    return new AuditTrail(
        fixture.collections, fixture.events, new ChainSettings(keys, null, List.of()));
  }

  private AuditChainVerifier verifier(ChainKeys keys) {
    return new AuditChainVerifier(
        fixture.collections.auditLog(),
        fixture.collections.auditHeads(),
        fixture.collections.auditAnchors(),
        keys);
  }

  private Path write(String name, byte[] key) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
    return file;
  }

  private static byte[] bytes(int value) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) value);
    return key;
  }
}
