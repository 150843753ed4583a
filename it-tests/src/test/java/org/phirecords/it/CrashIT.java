package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.phirecords.dev.DevTokens;
import org.phirecords.dev.LocalModule;
import org.phirecords.it.support.BulkImportCrash;
import org.phirecords.it.support.LocalRuns;
import org.phirecords.it.support.StoreProcess;
import org.phirecords.it.support.StoredWrites;
import org.phirecords.it.support.TransactionImportCrash;
import org.phirecords.it.support.WriteLoad;

/**
 * Payara killed with SIGKILL under concurrent writes, at a random (seeded) moment, three times;
 * after each restart on the same store: every acknowledged write is present as sent, every write in
 * the store has its audit events, the reconciler's start-up report matches the intents the crash
 * left open, and the chain verifies. Counts go to target/crash-report.md. Also a transaction import
 * and a bulk import job killed midway ({@link TransactionImportCrash}, {@link BulkImportCrash}).
 * Starts its own store and Payara processes, so it runs in the embedded execution only.
 */
@EnabledIfSystemProperty(named = "it.store", matches = "embedded")
class CrashIT {
  private static final Logger LOG = Logger.getLogger(CrashIT.class.getName());
  private static final String TENANT = "crash-clinic";
  private static final int ROUNDS = 3;
  private static final int WRITERS = 4;

  private record Round(
      int round,
      long killAfterMs,
      int acknowledged,
      int found,
      int openIntents,
      int claimedByKilledRequest,
      int reconciledCommitted,
      int reconciledAbandoned,
      StoredWrites.Audit audit,
      long chainLength,
      boolean chainValid) {}

  @Test
  void killedUnderWritesLosesNothingAcknowledgedAndReconcilesTheRest() throws Exception {
    long seed = Long.getLong("it.crash.seed", System.nanoTime());
    System.out.println("[CrashIT] seed " + seed + " (rerun with -Dit.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    Path dir = LocalRuns.freshDir("crash-it");
    List<Round> rounds = new ArrayList<>();
    List<WriteLoad.Ack> allAcks = new ArrayList<>();
    LocalModule module = null;
    try (StoreProcess store =
            new StoreProcess(
                    LocalRuns.freePort(), dir.resolve("store.mv"), dir.resolve("store.log"))
                .start();
        MongoClient client = MongoClients.create(store.uri())) {
      List<String> wars = List.of("records-web.war", "tenant-admin.war");
      module = LocalRuns.start(dir, LocalRuns.freePort(), store.uri(), wars, List.of(), List.of());
      LocalRuns.onboard(module, TENANT);
      for (int round = 1; round <= ROUNDS; round++) {
        DevTokens tokens = module.tokens();
        String physician = tokens.mint("crash-physician-" + round, "physician", TENANT, null);
        WriteLoad load =
            new WriteLoad(module.base(), physician)
                .start(WRITERS)
                .acknowledgedWithin(Duration.ofMinutes(1));
        long killAfter = random.nextInt(4500);
        Thread.sleep(killAfter);
        module.payara().destroyForcibly(); // SIGKILL on Linux
        module.payara().waitFor();
        load.stop();
        module.close();
        allAcks.addAll(load.acks);

        // The only instance is dead: let a minute's downtime pass for the intents it left open.
        StoredWrites.OpenIntents left = StoredWrites.ageOpenIntents(client, TENANT);
        int claimed = left.claimed();
        int open = left.open();
        int onlyClosing = left.onlyClosing();
        module = null;
        module =
            LocalRuns.start(dir, LocalRuns.freePort(), store.uri(), wars, List.of(), List.of());
        int[] reconciled = LocalRuns.reconciledIn(dir.resolve("payara.log"));
        List<String> wrong = StoredWrites.notReadableAsSent(module.base(), physician, load.acks);
        StoredWrites.Audit audit = StoredWrites.audit(client, TENANT);
        JsonObject chain =
            StoredWrites.verifyChain(
                module.base(),
                tokens.mint("it-platform-admin", "platform-admin", null, null),
                TENANT);
        Round r =
            new Round(
                round,
                killAfter,
                load.acks.size(),
                load.acks.size() - wrong.size(),
                open,
                claimed,
                reconciled[0],
                reconciled[1],
                audit,
                chain.getJsonNumber("checked").longValue(),
                chain.getBoolean("valid"));
        rounds.add(r);
        LOG.info(() -> "crash round: " + r);

        assertThat(load.acks)
            .as("round %d: writes were acknowledged before the kill", round)
            .isNotEmpty();
        assertThat(wrong).as("round %d: acknowledged writes read back as sent", round).isEmpty();
        assertThat(audit.problems()).as("round %d: nothing half-written", round).isEmpty();
        assertThat(audit.pending())
            .as("round %d: no intent left open after start-up", round)
            .isZero();
        assertThat(reconciled[0] + reconciled[1])
            .as("round %d: the reconciler reports every intent the crash left open", round)
            .isEqualTo(open - onlyClosing);
        assertThat(r.chainValid()).as("round %d: %s", round, chain).isTrue();
        assertThat(
                StoredWrites.eventsNotOncePerRecord(
                    client,
                    module.base(),
                    tokens.mint("crash-integration-" + round, "tenant-admin", TENANT, null),
                    TENANT))
            .as("round %d: one integration event per stored record, the reconciler's too", round)
            .isEmpty();
      }
      assertThat(
              StoredWrites.notReadableAsSent(
                  module.base(),
                  module.tokens().mint("crash-physician-final", "physician", TENANT, null),
                  allAcks))
          .as("every acknowledged write of every round is still there")
          .isEmpty();
    } finally {
      if (module != null) {
        module.close();
      }
      report(seed, rounds);
    }
  }

  @Test
  void aTransactionImportKilledMidwayIsRolledBackAtRestartAndCanBeSentAgain() throws Exception {
    TransactionImportCrash.run(LocalRuns.freshDir("crash-import-it"));
  }

  @Test
  void aBulkImportKilledMidwayIsResumedToTheStateOfAnUninterruptedOne() throws Exception {
    BulkImportCrash.run(LocalRuns.freshDir("crash-bulk-it"));
  }

  private static void report(long seed, List<Round> rounds) throws Exception {
    StringBuilder md =
        new StringBuilder(
            "# Crash test: Payara killed (SIGKILL) under concurrent writes\n\n"
                + "Generated by CrashIT. Seed "
                + seed
                + "; "
                + WRITERS
                + " writers (register a patient, then record a condition for it).\n\n"
                + "| round | killed (ms after the first acknowledged write) | acknowledged writes | found as sent | intents left"
                + " open | of which claimed by the killed request | reconciled: took effect | reconciled: had not | documents in store |"
                + " with recorded outcome | of which by reconciler | chain length | chain |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Round r : rounds) {
      md.append(
          "| %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s |\n"
              .formatted(
                  r.round(),
                  r.killAfterMs(),
                  r.acknowledged(),
                  r.found(),
                  r.openIntents(),
                  r.claimedByKilledRequest(),
                  r.reconciledCommitted(),
                  r.reconciledAbandoned(),
                  r.audit().documents(),
                  r.audit().concluded(),
                  r.audit().concludedByReconciler(),
                  r.chainLength(),
                  r.chainValid() ? "valid" : "BROKEN"));
    }
    Path file =
        Path.of(System.getProperty("it.payara.logs")).getParent().resolve("crash-report.md");
    Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
  }
}
