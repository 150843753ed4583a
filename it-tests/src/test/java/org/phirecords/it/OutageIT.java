package org.phirecords.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
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
 * The store goes away under load and comes back: requests fail fast with 503 problem+json, the
 * module recovers by itself (same Payara process), and every acknowledged write is stored as sent,
 * with nothing half-written. Starts its own store process and Payara, so it runs in the embedded
 * execution only.
 */
@EnabledIfSystemProperty(named = "it.store", matches = "embedded")
class OutageIT {
  private static final Logger LOG = Logger.getLogger(OutageIT.class.getName());
  private static final String TENANT = "outage-clinic";
  private static final int WRITERS = 4;

  /** serverSelectionTimeoutMS of the store's connection string, see StoreProcess#uri. */
  private static final long SELECTION_MS = 2000;

  /**
   * A refused request may meet the dead store twice (its own call, then the audit of the refusal),
   * each bounded by the selection timeout; plus a margin for a loaded 2-core machine.
   */
  private static final long FAIL_FAST_MS = 2 * SELECTION_MS + 3000;

  @Test
  void storeStoppedUnderLoadFailsFastAndRecoversWithoutLosingAcknowledgedWrites() throws Exception {
    Path dir = LocalRuns.freshDir("outage-it");
    int storePort = LocalRuns.freePort();
    try (StoreProcess store =
            new StoreProcess(storePort, dir.resolve("store.mv"), dir.resolve("store.log")).start();
        LocalModule module =
            LocalRuns.start(
                dir,
                LocalRuns.freePort(),
                store.uri(),
                List.of("records-web.war", "tenant-admin.war"),
                List.of(),
                List.of())) {
      LocalRuns.onboard(module, TENANT);
      DevTokens tokens = module.tokens();
      String physician = tokens.mint("outage-physician", "physician", TENANT, null);
      long payaraPid = module.payara().pid();

      WriteLoad load =
          new WriteLoad(module.base(), physician)
              .start(WRITERS)
              .acknowledgedWithin(Duration.ofMinutes(1));
      Thread.sleep(2000);
      long stopping = System.nanoTime();
      store.stop();
      long stopped = System.nanoTime();
      Thread.sleep(8000);
      long restarting = System.nanoTime();
      store.start();
      long restarted = System.nanoTime();
      long recovered = awaitSuccess(load, restarted, 30_000);
      Thread.sleep(3000);
      load.stop();

      List<WriteLoad.Attempt> before = load.within(0, stopping);
      List<WriteLoad.Attempt> during = load.within(stopped, restarting);
      LOG.info(
          () ->
              "outage: "
                  + before.size()
                  + " requests before, "
                  + during.size()
                  + " while the store was down (slowest "
                  + during.stream().mapToLong(WriteLoad.Attempt::millis).max().orElse(0)
                  + " ms), recovered "
                  + (recovered - restarted) / 1_000_000
                  + " ms after the store was back; "
                  + load.acks.size()
                  + " writes acknowledged");

      assertThat(before).as("writes succeeded before the outage").isNotEmpty();
      assertThat(before).allMatch(a -> a.status() / 100 == 2, "2xx before the outage");
      assertThat(during).as("requests were made during the outage").hasSizeGreaterThan(WRITERS);
      for (WriteLoad.Attempt a : during) {
        assertThat(a.status()).as("status while the store is down: %s", a).isEqualTo(503);
        assertThat(a.contentType()).as("%s", a).startsWith("application/problem+json");
        assertThat(a.code()).as("%s", a).startsWith("PHR-503-");
        assertThat(a.millis()).as("fails fast: %s", a).isLessThan(FAIL_FAST_MS);
      }
      // Across the whole run, including requests that straddled the stop and the restart:
      // answered 2xx or 503 problem+json, never another 5xx, never a hang.
      for (WriteLoad.Attempt a : load.attempts) {
        assertThat(a.failure()).as("%s", a).isNull();
        assertThat(a.status() / 100 == 2 || a.status() == 503).as("%s", a).isTrue();
      }
      assertThat((recovered - restarted) / 1_000_000)
          .as("recovered by itself within 30 s of the store's return")
          .isLessThan(30_000);
      assertThat(module.payara().isAlive()).isTrue();
      assertThat(module.payara().pid()).as("no restart of Payara").isEqualTo(payaraPid);

      assertThat(StoredWrites.notReadableAsSent(module.base(), physician, load.acks))
          .as("acknowledged writes read back as sent")
          .isEmpty();
      try (MongoClient client = MongoClients.create(store.uri())) {
        StoredWrites.Audit audit = StoredWrites.audit(client, TENANT);
        LOG.info(() -> "store after the outage: " + audit);
        assertThat(audit.problems()).as("nothing half-written").isEmpty();
        assertThat(audit.concluded()).isGreaterThanOrEqualTo(load.acks.size());
      }
      JsonObject chain =
          StoredWrites.verifyChain(
              module.base(),
              tokens.mint("it-platform-admin", "platform-admin", null, null),
              TENANT);
      assertThat(chain.getBoolean("valid")).as(chain.toString()).isTrue();
    }
  }

  /** The end (nanoTime) of the first acknowledged write that started after {@code from}. */
  private static long awaitSuccess(WriteLoad load, long from, long timeoutMillis)
      throws InterruptedException {
    long deadline = from + timeoutMillis * 1_000_000;
    while (System.nanoTime() < deadline) {
      var first =
          load.attempts.stream()
              .filter(a -> a.start() >= from && a.status() / 100 == 2)
              .mapToLong(WriteLoad.Attempt::end)
              .min();
      if (first.isPresent()) {
        return first.getAsLong();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no write succeeded within " + timeoutMillis + " ms of the store's return");
  }
}
