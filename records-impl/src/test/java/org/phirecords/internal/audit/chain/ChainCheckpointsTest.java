package org.phirecords.internal.audit.chain;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phirecords.audit.ChainCheckpoint;
import org.phirecords.audit.ChainVerification;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.audit.trail.CheckpointFileSink;
import org.phirecords.internal.testing.StoreFixture;

/** Checkpoints kept outside the audit store reveal a chain cut back to an older sealed head. */
class ChainCheckpointsTest {
  private final StoreFixture fixture = new StoreFixture();
  private final MongoCollection<Document> log = fixture.collections.auditLog();
  private final MongoCollection<Document> heads = fixture.collections.auditHeads();
  @TempDir Path dir;

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aChainCutBackToAnOlderSealedHeadPassesWithoutCheckpointsAndIsTruncatedWithThem()
      throws Exception {
    Path file = dir.resolve("checkpoints.jsonl");
    AuditTrail trail = trail(file);
    ChainTests.record(trail, 5);
    Document sealedHeadAtFive = heads.find(eq("_id", "tenant-a")).first();
    ChainTests.record(trail, 5);
    assertThat(verify(trail).valid()).isTrue();

    // An insider with the audit store: the newest events go, an older genuine head comes back.
    log.deleteMany(and(eq("tenantId", "tenant-a"), gt("seq", 5L)));
    heads.replaceOne(eq("_id", "tenant-a"), sealedHeadAtFive);

    ChainVerification withoutCheckpoints = verify(fixture.audit);
    assertThat(withoutCheckpoints.valid()).as("the head alone cannot tell").isTrue();
    assertThat(withoutCheckpoints.lastSeq()).isEqualTo(5);
    ChainVerification withCheckpoints = verify(trail);
    assertThat(withCheckpoints)
        .extracting(
            ChainVerification::valid, ChainVerification::problem, ChainVerification::brokenAt)
        .containsExactly(false, "TRUNCATED", 6L);
    assertThat(withCheckpoints.detail()).contains("sealed position 10");

    // The command line reads the same file.
    Path key = dir.resolve("chain-key.b64");
    Files.writeString(key, Base64.getEncoder().encodeToString(new byte[32]));
    String[] args = {
      "--uri", ChainTests.auditUri(fixture), "--chain", "tenant-a", "--key-file", key.toString()
    };
    assertThat(VerifyAuditChain.run(args)).as("without checkpoints").isZero();
    String[] withFile = {
      "--uri",
      ChainTests.auditUri(fixture),
      "--chain",
      "tenant-a",
      "--key-file",
      key.toString(),
      "--checkpoints",
      file.toString()
    };
    assertThat(VerifyAuditChain.run(withFile)).isEqualTo(1);
  }

  @Test
  void aChainCutBackAndWrittenAgainDiffersFromTheCheckpointAtThatPosition() {
    Path file = dir.resolve("checkpoints.jsonl");
    AuditTrail trail = trail(file);
    ChainTests.record(trail, 3);
    Document sealedHeadAtThree = heads.find(eq("_id", "tenant-a")).first();
    ChainTests.record(trail, 3);
    log.deleteMany(and(eq("tenantId", "tenant-a"), gt("seq", 3L)));
    heads.replaceOne(eq("_id", "tenant-a"), sealedHeadAtThree);
    // After a restart the module carries on from the rolled-back head: the chain is as long as
    // before and every link holds, but positions 4 to 6 are not the events the checkpoints sealed.
    AuditTrail restarted = trail(file);
    ChainTests.record(restarted, 3);
    assertThat(verify(fixture.audit).valid()).isTrue();
    assertThat(verify(restarted))
        .extracting(ChainVerification::problem, ChainVerification::brokenAt)
        .containsExactly("TRUNCATED", 4L);
  }

  @Test
  void aCheckpointWhoseSealDoesNotHoldIsReported() {
    List<ChainCheckpoint> kept = new CopyOnWriteArrayList<>();
    ChainTests.record(trail(Duration.ZERO, kept::add), 2);
    ChainCheckpoint last = kept.get(kept.size() - 1);
    ChainCheckpoint moved =
        new ChainCheckpoint(last.chain(), 1, last.hash(), last.at(), last.keyId(), last.mac());
    assertThat(verifier().withCheckpoints(c -> List.of(moved)).verify("tenant-a", null, null))
        .extracting(ChainVerification::problem, ChainVerification::brokenAt)
        .containsExactly("CHECKPOINT_ALTERED", 1L);
  }

  @Test
  void checkpointsAreTakenAtMostOncePerIntervalAndTheNewestLinkWithinOne() throws Exception {
    List<ChainCheckpoint> kept = new CopyOnWriteArrayList<>();
    // A clock that stands still: every write falls in the first interval.
    Clock still = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    ChainCheckpoints checkpoints =
        new ChainCheckpoints(StoreFixture.CHAIN_KEY, Duration.ofSeconds(1), still, kept::add);
    AuditTrail trail =
        new AuditTrail(
            fixture.collections,
            fixture.events,
            new ChainSettings(ChainKeys.of(StoreFixture.CHAIN_KEY), checkpoints, List.of()));
    ChainTests.record(trail, 5);
    assertThat(kept).extracting(ChainCheckpoint::seq).containsExactly(1L);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (kept.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    // The chain then stays idle: the timer seals its newest link when the interval ends.
    assertThat(kept).extracting(ChainCheckpoint::seq).containsExactly(1L, 5L);
    assertThat(kept.get(1).hash())
        .isEqualTo(log.find(and(eq("tenantId", "tenant-a"), eq("seq", 5L))).first().get("hash"));
    assertThat(verifier().withCheckpoints(c -> kept).verify("tenant-a", null, null).valid())
        .isTrue();
  }

  @Test
  void checkpointLinesRoundTripAndOtherLinesAreSkipped() throws Exception {
    ChainCheckpoint c =
        ChainCheckpoints.seal(
            StoreFixture.CHAIN_KEY, "tenant-a", 7, "ab".repeat(32), Instant.now());
    Path file = dir.resolve("mixed.jsonl");
    Files.writeString(
        file,
        "{\"resourceType\":\"AuditEvent\"}\nnot json phi-records-audit-chain\n"
            + CheckpointLines.line(c)
            + "\n");
    Files.writeString(dir.resolve("mixed.jsonl.1"), CheckpointLines.line(c) + "\n");
    assertThat(CheckpointLines.read(List.of(file), "tenant-a")).containsExactly(c, c);
    assertThat(CheckpointLines.read(List.of(file), "tenant-b")).isEmpty();
    assertThat(CheckpointLines.read(List.of(dir.resolve("absent.jsonl")), "tenant-a")).isEmpty();
  }

  @Test
  void rotationCarriesTheNewestCheckpointOfEveryChainIntoTheNewFile() throws Exception {
    Path file = dir.resolve("rotating.jsonl");
    CheckpointFileSink sink = new CheckpointFileSink(Optional.of(file), 600, 2);
    ChainCheckpoint a =
        ChainCheckpoints.seal(StoreFixture.CHAIN_KEY, "tenant-a", 1, "a".repeat(64), Instant.now());
    sink.checkpoint(a);
    for (int i = 1; i <= 6; i++) {
      sink.checkpoint(
          ChainCheckpoints.seal(
              StoreFixture.CHAIN_KEY, "tenant-b", i, "b".repeat(64), Instant.now()));
    }
    assertThat(Files.exists(dir.resolve("rotating.jsonl.2"))).isTrue();
    assertThat(Files.readString(file)).contains("tenant-a");
  }

  /** A trail that checkpoints every batch into {@code file} and verifies against it. */
  private AuditTrail trail(Path file) {
    CheckpointFileSink sink = new CheckpointFileSink(Optional.of(file), 1 << 20, 5);
    ChainCheckpoints checkpoints =
        new ChainCheckpoints(
            StoreFixture.CHAIN_KEY, Duration.ZERO, Clock.systemUTC(), sink::checkpoint);
    return new AuditTrail(
        fixture.collections,
        fixture.events,
        new ChainSettings(ChainKeys.of(StoreFixture.CHAIN_KEY), checkpoints, List.of(file)));
  }

  private AuditTrail trail(Duration interval, Consumer<ChainCheckpoint> sink) {
    ChainCheckpoints checkpoints =
        new ChainCheckpoints(StoreFixture.CHAIN_KEY, interval, Clock.systemUTC(), sink);
    return new AuditTrail(
        fixture.collections,
        fixture.events,
        new ChainSettings(ChainKeys.of(StoreFixture.CHAIN_KEY), checkpoints, List.of()));
  }

  private AuditChainVerifier verifier() {
    return new AuditChainVerifier(
        log, heads, fixture.collections.auditAnchors(), ChainKeys.of(StoreFixture.CHAIN_KEY));
  }

  private static ChainVerification verify(AuditTrail trail) {
    return trail.verifier().verify("tenant-a", null, null);
  }
}
