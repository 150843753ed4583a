package org.phirecords.internal.integrity;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.IntegrityFinding.Kind;
import org.phirecords.model.Patient;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/** The command-line pass and backfill (ADR 23) against the store, with the module's chain key. */
class CheckRecordIntegrityTest {
  private static final TenantId A = new TenantId("tenant-a");

  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  @TempDir Path dir;

  @AfterEach
  void close() {
    fixture.close();
  }

  private String[] args(String... more) throws Exception {
    Path key = dir.resolve("chain-key.b64");
    Files.writeString(key, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    String audit = fixture.config.store(RecordsConfig.Store.AUDIT).uri();
    String[] base = {
      "--uri",
      fixture.dataUri,
      "--setting",
      "records.mongodb.audit.uri=" + audit,
      "--tenant",
      "tenant-a",
      "--key-file",
      key.toString()
    };
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  private void edit(Patient p, Document update) {
    fixture
        .collections
        .forMaintenance(StoredCollection.PATIENTS, A)
        .findOneAndUpdate(eq("patientId", p.id().value()), update);
  }

  @Test
  void exitsOneWhileARecordIsChangedAndSealsUnsealedRecordsAudited() throws Exception {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Patient changed = directory.create(People.synthetic());
    Patient old = directory.create(People.synthetic());
    assertThat(CheckRecordIntegrity.run(args())).isZero();

    edit(old, new Document("$unset", new Document(RecordSeals.FIELD, "")));
    assertThat(CheckRecordIntegrity.run(args())).as("a missing digest is listed").isZero();
    edit(changed, new Document("$set", new Document("sex", "edited")));
    assertThat(CheckRecordIntegrity.run(args("--seal-missing", "--operator", "ops-1")))
        .isEqualTo(1);

    var report = new IntegrityPass(fixture.collections, fixture.audit.recordSeals()).run(A, 10);
    assertThat(report.counts())
        .containsEntry(Kind.DIGEST_MISSING, 0L)
        .containsEntry(Kind.DIGEST_MISMATCH, 1L)
        .containsEntry(Kind.AUDIT_MISMATCH, 0L)
        .containsEntry(Kind.AUDIT_EVENT_MISSING, 0L);
    assertThat(
            fixture
                .collections
                .auditLog()
                .countDocuments(
                    and(
                        eq("subject", "operator:ops-1"),
                        eq("operation", "RecordIntegrity.backfill"))))
        .isEqualTo(1);
    assertThat(
            fixture
                .collections
                .auditLog()
                .countDocuments(eq("operation", "RecordIntegrity.commandLineCheck")))
        .isEqualTo(3);
    assertThat(fixture.audit.verifier().verify("tenant-a", null, null).valid()).isTrue();
  }

  @Test
  void aBackfillWithoutAnOperatorIsRefused() throws Exception {
    assertThat(CheckRecordIntegrity.run(args("--seal-missing"))).isEqualTo(2);
  }
}
