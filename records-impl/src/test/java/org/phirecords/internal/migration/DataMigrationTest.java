package org.phirecords.internal.migration;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.audit.chain.ChainLinks;
import org.phirecords.internal.integrity.IntegrityPass;
import org.phirecords.internal.store.SchemaVersion;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/**
 * Data migrations (ADR 52) over stores the module wrote before formats were versioned ({@link
 * PreviousFormatFixture}): the upgrade stamps every record, keeps it sealed, readable and audited;
 * a second run changes nothing; a run waits for another's lease; an interrupted run, and a command
 * line process killed mid-way (SIGKILL), are resumed.
 */
class DataMigrationTest {
  private static final int RECORDS_PER_TENANT = PreviousFormatFixture.PATIENTS * 3;
  private final StoreFixture fixture = PreviousFormatFixture.load();

  @AfterEach
  void close() {
    fixture.close();
  }

  private MigrationRunner runner(List<Migration> migrations) {
    return new MigrationRunner(
        fixture.collections, fixture.audit, migrations, Duration.ofSeconds(60), fixture.clock);
  }

  private MigrationRunner runner() {
    return runner(List.of(stamp(2)));
  }

  private StampSchemaVersion stamp(int batch) {
    return new StampSchemaVersion(fixture.collections, fixture.audit, batch);
  }

  private List<Document> records(String tenant) {
    List<Document> all = new ArrayList<>();
    for (StoredCollection c :
        List.of(StoredCollection.PATIENTS, StoredCollection.CLINICAL_ENTRIES)) {
      fixture.collections.forMaintenance(c, new TenantId(tenant)).forEachInBatches(100, all::add);
    }
    return all;
  }

  private long stamped() {
    return PreviousFormatFixture.TENANTS.stream()
        .flatMap(t -> records(t).stream())
        .filter(d -> Integer.valueOf(SchemaVersion.CURRENT).equals(d.get(SchemaVersion.FIELD)))
        .count();
  }

  private void assertSoundAndVerified() {
    for (String tenant : PreviousFormatFixture.TENANTS) {
      assertThat(
              new IntegrityPass(fixture.collections, fixture.audit.recordSeals())
                  .run(new TenantId(tenant), 100)
                  .findings())
          .as("%s: every record matches its digest and its write's event", tenant)
          .isEmpty();
      assertThat(fixture.audit.verifier().verify(tenant, null, null).valid()).as(tenant).isTrue();
    }
    assertThat(fixture.audit.verifier().verify(ChainLinks.PLATFORM, null, null).valid()).isTrue();
  }

  private Map<PatientId, Patient> readAll(String tenant) {
    fixture.actAs(StoreFixture.staff(tenant, Role.PHYSICIAN));
    Map<PatientId, Patient> read = new HashMap<>();
    fixture
        .collections
        .forMaintenance(StoredCollection.PATIENTS, new TenantId(tenant))
        .forEachInBatches(
            100,
            d -> {
              PatientId id = new PatientId(d.getString("patientId"));
              read.put(id, fixture.directory().get(id));
            });
    return read;
  }

  private MongoCollection<Document> events() {
    return fixture.collections.auditLog();
  }

  @Test
  void theFixtureIsThePreviousFormatSealedAndAudited() {
    assertThat(records("tenant-a")).hasSize(RECORDS_PER_TENANT);
    assertThat(stamped()).isZero();
    assertSoundAndVerified();
  }

  @Test
  void theUpgradeStampsEveryRecordKeepsItSealedReadableAndAudited() {
    Map<PatientId, Patient> before = readAll("tenant-a");

    MigrationRunner.Outcome outcome = runner().run();

    assertThat(outcome.status()).isEqualTo(MigrationRunner.Status.APPLIED);
    assertThat(outcome.applied()).containsExactly(StampSchemaVersion.ID);
    assertThat(outcome.changed()).isEqualTo(2L * RECORDS_PER_TENANT);
    assertThat(stamped()).isEqualTo(2L * RECORDS_PER_TENANT);
    assertSoundAndVerified();
    assertThat(readAll("tenant-a")).as("the same people, decrypted").isEqualTo(before);
    assertThat(runner().pending()).isEmpty();
    for (String tenant : PreviousFormatFixture.TENANTS) {
      assertThat(
              events()
                  .countDocuments(
                      and(
                          eq("tenantId", tenant),
                          eq("resourceType", "SCHEMA_MIGRATION"),
                          eq("resultCount", RECORDS_PER_TENANT))))
          .as("%s: the tenant's step audited with its count", tenant)
          .isEqualTo(1);
      assertThat(
              events()
                  .countDocuments(
                      and(eq("tenantId", tenant), eq("operation", StampSchemaVersion.OPERATION))))
          .as("%s: each record's rewrite audited once", tenant)
          .isEqualTo(RECORDS_PER_TENANT);
    }
    String trail = events().find().into(new ArrayList<>()).toString();
    before.values().forEach(p -> assertThat(trail).doesNotContain(p.data().familyName()));
  }

  @Test
  void aSecondRunChangesNothing() {
    runner().run();
    List<Document> after = records("tenant-a");
    long events = events().countDocuments();

    assertThat(runner().run().status()).isEqualTo(MigrationRunner.Status.UP_TO_DATE);
    // The migration itself is idempotent too, even if its state were lost.
    fixture.collections.schemaMigrations().deleteMany(new Document());
    MigrationRunner.Outcome again = runner().run();

    assertThat(again.status()).isEqualTo(MigrationRunner.Status.APPLIED);
    assertThat(again.changed()).isZero();
    assertThat(records("tenant-a")).isEqualTo(after);
    assertThat(events().countDocuments(eq("operation", StampSchemaVersion.OPERATION)))
        .isEqualTo(2L * RECORDS_PER_TENANT);
    assertThat(events().countDocuments()).as("only the second run's steps").isGreaterThan(events);
  }

  @Test
  void aRunWaitsWhileAnotherHoldsTheLeaseAndTakesOverOnceItLapsed() {
    MigrationLease other =
        new MigrationLease(
            fixture.collections.schemaMigrations(), "other", Duration.ofSeconds(60), fixture.clock);
    assertThat(other.claim()).isTrue();

    assertThat(runner().run().status()).isEqualTo(MigrationRunner.Status.HELD);
    assertThat(stamped()).isZero();

    fixture.clock.advance(Duration.ofSeconds(61));
    assertThat(runner().run().status()).isEqualTo(MigrationRunner.Status.APPLIED);
    assertThat(stamped()).isEqualTo(2L * RECORDS_PER_TENANT);
    assertThatThrownBy(other::renew).isInstanceOf(MigrationLease.LeaseLost.class);
  }

  @Test
  void anInterruptedRunIsResumedWhereItStopped() {
    StampSchemaVersion inner = stamp(2);
    int[] beats = {0};
    Migration dying =
        new Migration() {
          @Override
          public String id() {
            return inner.id();
          }

          @Override
          public long migrate(TenantId tenant, Runnable heartbeat) {
            return inner.migrate(
                tenant,
                () -> {
                  if (++beats[0] > 20) {
                    throw new IllegalStateException("the process dies here");
                  }
                  heartbeat.run();
                });
          }
        };
    assertThatThrownBy(() -> runner(List.of(dying)).run())
        .isInstanceOf(IllegalStateException.class);
    long atCrash = stamped();
    assertThat(atCrash).as("some, not all").isPositive().isLessThan(2L * RECORDS_PER_TENANT);
    assertThat(
            fixture.collections.schemaMigrations().find(eq("_id", StampSchemaVersion.ID)).first())
        .extracting(d -> d.get("state"), d -> d.get("after"))
        .containsExactly("RUNNING", "tenant-a");

    MigrationRunner.Outcome resumed = runner().run();

    assertThat(resumed.changed()).isEqualTo(2L * RECORDS_PER_TENANT - atCrash);
    assertThat(stamped()).isEqualTo(2L * RECORDS_PER_TENANT);
    assertThat(
            fixture
                .collections
                .forMaintenance(StoredCollection.PATIENTS, new TenantId("tenant-b"))
                .count(exists(SchemaVersion.FIELD, false)))
        .isZero();
    assertSoundAndVerified();
    assertThat(events().countDocuments(eq("operation", StampSchemaVersion.OPERATION)))
        .as("each record's rewrite audited once across both runs")
        .isEqualTo(2L * RECORDS_PER_TENANT);
  }

  @Test
  void aMigrationProcessKilledMidWayIsResumedByTheNextRun() throws Exception {
    Path dir = Files.createDirectories(Path.of("target", "migration-kill"));
    Path key = dir.resolve("chain-key.b64");
    Files.writeString(key, Base64.getEncoder().encodeToString(new byte[32]));
    InetSocketAddress audit = fixture.auditServer.getLocalAddress();
    List<String> args =
        List.of(
            "--uri",
            fixture.dataUri,
            "--setting",
            "records.mongodb.audit.uri=mongodb://" + audit.getHostString() + ":" + audit.getPort(),
            "--key-file",
            key.toString(),
            "--lease-seconds",
            "1",
            "--batch",
            "1");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(MigrateData.class.getName());
    command.addAll(args);
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    try (MongoClient outside = MongoClients.create(fixture.dataUri)) {
      MongoCollection<Document> patients =
          outside.getDatabase("phi_identity").getCollection("patients");
      while (child.isAlive() && patients.countDocuments(exists(SchemaVersion.FIELD)) == 0) {
        Thread.onSpinWait();
      }
    }
    child.destroyForcibly(); // SIGKILL on Linux
    child.waitFor();

    long atKill = stamped();
    assertThat(atKill)
        .as("killed after some, not all")
        .isPositive()
        .isLessThan(2L * RECORDS_PER_TENANT);
    assertThat(fixture.collections.schemaMigrations().find(eq("_id", "lock")).first())
        .as("the killed run's lock is left to lapse")
        .isNotNull();
    int code = MigrateData.HELD;
    for (int attempt = 0; code == MigrateData.HELD && attempt < 300; attempt++) {
      code = MigrateData.run(args.toArray(String[]::new));
      if (code == MigrateData.HELD) {
        Thread.sleep(100);
      }
    }

    assertThat(code).isZero();
    assertThat(stamped()).isEqualTo(2L * RECORDS_PER_TENANT);
    assertThat(
            fixture.collections.schemaMigrations().find(eq("_id", StampSchemaVersion.ID)).first())
        .extracting(d -> d.get("state"))
        .isEqualTo("DONE");
    assertSoundAndVerified();
  }

  @Test
  void recordsTheModuleWritesNowCarryTheCurrentVersion() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Patient p = fixture.directory().create(org.phirecords.internal.testing.People.synthetic());
    fixture.directory().update(p.id(), 1, p.data());
    assertThat(
            fixture
                .collections
                .forMaintenance(StoredCollection.PATIENTS, new TenantId("tenant-a"))
                .findOne(eq("patientId", p.id().value()), null, null)
                .orElseThrow()
                .get(SchemaVersion.FIELD))
        .isEqualTo(SchemaVersion.CURRENT);
  }
}
