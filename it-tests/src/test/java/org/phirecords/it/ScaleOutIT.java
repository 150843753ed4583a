package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.phirecords.dev.DevTokens;
import org.phirecords.dev.LocalModule;
import org.phirecords.it.support.LocalRuns;
import org.phirecords.it.support.StoreProcess;
import org.phirecords.it.support.StoredWrites;
import org.phirecords.it.support.WriteLoad;

/**
 * Three instances behind a (round-robin) balancer on one store, one of them killed with SIGKILL
 * under a write load that goes on against the other two: the survivors answer every request with
 * 2xx throughout, every acknowledged write reads back as sent through a survivor, every write in
 * the store has its concluded audit event, the survivors' reconcilers conclude what the killed
 * instance left open (no restart), and the tenant's chain verifies, its head repaired by the next
 * writer on another instance if the killed one died before moving it (ADR 31). Starts its own store
 * and Payara processes, so it runs in the embedded execution only.
 */
@EnabledIfSystemProperty(named = "it.store", matches = "embedded")
class ScaleOutIT {
  private static final Logger LOG = Logger.getLogger(ScaleOutIT.class.getName());
  private static final String TENANT = "scale-out-clinic";
  private static final int WRITERS = 6;
  private static final int WARM = 10;
  private static final long BEFORE_KILL_MS = 1500;
  private static final long AFTER_KILL_MS = 3000;

  @Test
  void anInstanceKilledUnderLoadLosesNothingAcknowledgedAndTheOthersAnswerThroughout()
      throws Exception {
    Path dir = LocalRuns.freshDir("scale-out-it");
    List<LocalModule> modules = new ArrayList<>();
    try (StoreProcess store =
            new StoreProcess(
                    LocalRuns.freePort(), dir.resolve("store.mv"), dir.resolve("store.log"))
                .start();
        MongoClient client = MongoClients.create(store.uri())) {
      // Instance 0 also serves tenant-admin (onboarding, chain verification); 2 is killed.
      modules.addAll(
          LocalRuns.startAll(
              dir,
              store.uri(),
              List.of(
                  List.of("records-web.war", "tenant-admin.war"),
                  List.of("records-web.war"),
                  List.of("records-web.war"))));
      LocalModule killed = modules.get(2);
      List<LocalModule> survivors = modules.subList(0, 2);
      LocalRuns.onboard(modules.get(0), TENANT);
      DevTokens tokens = modules.get(0).tokens();
      String physician = tokens.mint("scale-out-physician", "physician", TENANT, null);

      WriteLoad load =
          new WriteLoad(modules.stream().map(LocalModule::base).toList(), physician).start(WRITERS);
      // A fresh instance answers its first requests slowly: kill only once every one is warm.
      long warmBy = System.currentTimeMillis() + 90_000;
      while (modules.stream().anyMatch(m -> acknowledged(load, m) < WARM)
          && System.currentTimeMillis() < warmBy) {
        Thread.sleep(200);
      }
      Thread.sleep(BEFORE_KILL_MS);
      long killedAt = System.nanoTime();
      killed.payara().destroyForcibly(); // SIGKILL on Linux
      killed.payara().waitFor();
      Thread.sleep(AFTER_KILL_MS);
      load.stop();
      killed.close();

      assertThat(load.at(killed.base()))
          .as("the killed instance acknowledged writes before the kill")
          .anyMatch(a -> a.status() / 100 == 2 && a.end() < killedAt);
      for (LocalModule survivor : survivors) {
        List<WriteLoad.Attempt> answered = load.at(survivor.base());
        assertThat(answered)
            .as("%s answered only 2xx during and after the kill", survivor.base())
            .isNotEmpty()
            .allMatch(a -> a.status() / 100 == 2);
        assertThat(answered)
            .as("%s took writes after the kill", survivor.base())
            .anyMatch(a -> a.start() > killedAt);
      }

      // Concluded intents are removed up to the head lag after the answer (ADR 31); then the
      // open ones are the killed instance's. Age them as a minute's downtime would, and let the
      // survivors' reconcilers (every minute) conclude them.
      Thread.sleep(1500);
      StoredWrites.OpenIntents left = StoredWrites.ageOpenIntents(client, TENANT);
      var intents = client.getDatabase("phi_audit").getCollection("audit_intents");
      long deadline = System.currentTimeMillis() + 150_000;
      while (intents.countDocuments(Filters.eq("tenantId", TENANT)) > 0
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(1000);
      }
      int reconciled = 0;
      for (int i = 0; i < survivors.size(); i++) {
        int[] r = LocalRuns.reconciledIn(dir.resolve("instance-" + i).resolve("payara.log"));
        reconciled += r[0] + r[1];
      }
      int concludedByReconcilers = reconciled;

      List<WriteLoad.Ack> acks = List.copyOf(load.acks);
      List<String> wrong = new ArrayList<>();
      for (int i = 0; i < survivors.size(); i++) {
        int half = i;
        List<WriteLoad.Ack> share =
            acks.stream().filter(a -> Math.floorMod(a.id().hashCode(), 2) == half).toList();
        wrong.addAll(StoredWrites.notReadableAsSent(survivors.get(i).base(), physician, share));
      }
      StoredWrites.Audit audit = StoredWrites.audit(client, TENANT);
      JsonObject chain =
          StoredWrites.verifyChain(
              modules.get(0).base(),
              tokens.mint("it-platform-admin", "platform-admin", null, null),
              TENANT);
      LOG.info(
          () ->
              "scale-out: "
                  + acks.size()
                  + " acknowledged, "
                  + load.attempts.size()
                  + " attempts; open intents after the kill "
                  + left
                  + ", reconciled "
                  + "%d; %s; chain %s".formatted(concludedByReconcilers, audit, chain));

      assertThat(wrong).as("acknowledged writes read back as sent").isEmpty();
      assertThat(audit.problems()).as("nothing half-written").isEmpty();
      assertThat(audit.pending()).as("no intent left open").isZero();
      assertThat(audit.concluded())
          .as("a concluded audit event for every acknowledged write")
          .isGreaterThanOrEqualTo(acks.size());
      assertThat(reconciled)
          .as("the survivors' reconcilers conclude every intent the killed instance left open")
          .isEqualTo(left.open() - left.onlyClosing());
      assertThat(chain.getBoolean("valid")).as("%s", chain).isTrue();
    } finally {
      modules.forEach(LocalModule::close);
    }
  }

  private static long acknowledged(WriteLoad load, LocalModule instance) {
    return load.at(instance.base()).stream().filter(a -> a.status() / 100 == 2).count();
  }
}
