package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.phirecords.dev.DevTokens;
import org.phirecords.dev.LocalModule;
import org.phirecords.it.support.LocalRuns;
import org.phirecords.it.support.StoreProcess;
import org.phirecords.it.support.StoredWrites;
import org.phirecords.it.support.WriteLoad;

/**
 * Payara killed with SIGKILL under concurrent writes, at a random (seeded) moment, three times;
 * after each restart on the same store: every acknowledged write is present as sent, every write in
 * the store has its audit events, the reconciler's start-up report matches the intents the crash
 * left open, and the chain verifies. Counts go to target/crash-report.md. Starts its own store and
 * Payara processes, so it runs in the embedded execution only.
 */
@EnabledIfSystemProperty(named = "it.store", matches = "embedded")
class CrashIT {
  private static final Logger LOG = Logger.getLogger(CrashIT.class.getName());
  private static final String TENANT = "crash-clinic";
  private static final int ROUNDS = 3;
  private static final int WRITERS = 4;
  private static final Pattern RECONCILED =
      Pattern.compile(
          "audit reconciliation: (\\d+) interrupted write\\(s\\) had taken effect, (\\d+)");

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
        WriteLoad load = new WriteLoad(module.base(), physician).start(WRITERS);
        long killAfter = 1500 + random.nextInt(4500);
        Thread.sleep(killAfter);
        module.payara().destroyForcibly(); // SIGKILL on Linux
        module.payara().waitFor();
        load.stop();
        module.close();
        allAcks.addAll(load.acks);

        // The reconciler leaves intents younger than a minute alone (their request may still be
        // running on another instance). The only instance is dead: let that minute pass for the
        // intents it left open, as a real restart after a minute's downtime would see them.
        // Likewise an intent that a request had claimed to conclude when it was killed: the
        // reconciler takes it over once the claim is five minutes old.
        var intents = client.getDatabase("phi_audit").getCollection("audit_intents");
        int claimed =
            (int)
                intents
                    .updateMany(
                        Filters.and(Filters.eq("tenantId", TENANT), Filters.exists("claimedAt")),
                        Updates.set("claimedAt", new Date(System.currentTimeMillis() - 360_000)))
                    .getModifiedCount();
        int open =
            (int)
                intents
                    .updateMany(
                        Filters.eq("tenantId", TENANT),
                        Updates.set("createdAt", new Date(System.currentTimeMillis() - 120_000)))
                    .getModifiedCount();

        // An intent whose outcome is recorded and only its closing was cut off is closed by the
        // reconciler without a new outcome (and without a count).
        var audit0 = client.getDatabase("phi_audit");
        int onlyClosing = 0;
        for (var intent :
            audit0.getCollection("audit_intents").find(Filters.eq("tenantId", TENANT))) {
          if (audit0
                  .getCollection("audit_events")
                  .countDocuments(
                      Filters.and(
                          Filters.eq("intentId", intent.getString("_id")),
                          Filters.ne("outcome", "INTENDED")))
              > 0) {
            onlyClosing++;
          }
        }
        module = null;
        module =
            LocalRuns.start(dir, LocalRuns.freePort(), store.uri(), wars, List.of(), List.of());
        int[] reconciled = reconciledAtStart(dir.resolve("payara.log"));
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

  /** Committed and abandoned writes the reconciler reported in this boot's log. */
  private static int[] reconciledAtStart(Path log) throws Exception {
    int[] sum = new int[2];
    Matcher m = RECONCILED.matcher(Files.readString(log, StandardCharsets.UTF_8));
    while (m.find()) {
      sum[0] += Integer.parseInt(m.group(1));
      sum[1] += Integer.parseInt(m.group(2));
    }
    return sum;
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
                + "| round | killed after (ms) | acknowledged writes | found as sent | intents left"
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
