package org.phirecords.internal.audit.chain;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Updates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phirecords.internal.testing.StoreFixture;

class VerifyAuditChainTest {
  private final StoreFixture fixture = new StoreFixture();
  @TempDir Path dir;

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void exitsZeroForAnIntactChainAndOneForABrokenOne() throws Exception {
    ChainTests.record(fixture.audit, 5);
    Path key = dir.resolve("chain-key.b64");
    Files.writeString(key, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    String[] args = {
      "--uri", ChainTests.auditUri(fixture), "--chain", "tenant-a", "--key-file", key.toString()
    };
    assertThat(VerifyAuditChain.run(args)).isZero();

    fixture
        .collections
        .auditLog()
        .updateOne(
            and(eq("tenantId", "tenant-a"), eq("seq", 3L)), Updates.set("subject", "someone"));
    assertThat(VerifyAuditChain.run(args)).isEqualTo(1);
  }

  @Test
  void badArgumentsExitTwoWithTheReason() {
    String err =
        stderrOf(() -> assertThat(VerifyAuditChain.run("--chain", "tenant-a")).isEqualTo(2));
    assertThat(err).contains("--uri").contains("Usage:");
    err =
        stderrOf(
            () ->
                assertThat(
                        VerifyAuditChain.run(
                            "--uri",
                            ChainTests.auditUri(fixture),
                            "--chain",
                            "tenant-a",
                            "--from",
                            "yesterday"))
                    .isEqualTo(2));
    assertThat(err).contains("--from").contains("yesterday");
  }

  @Test
  void anUnreadableKeyFileExitsThree() {
    stderrOf(
        () ->
            assertThat(
                    VerifyAuditChain.run(
                        "--uri",
                        ChainTests.auditUri(fixture),
                        "--chain",
                        "tenant-a",
                        "--key-file",
                        dir.resolve("missing.b64").toString()))
                .isEqualTo(VerifyAuditChain.UNREADABLE));
  }

  private static String stderrOf(Runnable run) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      run.run();
    } finally {
      System.setErr(saved);
    }
    return err.toString(StandardCharsets.UTF_8);
  }
}
