package org.phirecords.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.ExportId;
import org.phirecords.model.ExportRequest;
import org.phirecords.model.ExportState;
import org.phirecords.model.ExportStatus;
import org.phirecords.model.Patient;
import org.phirecords.model.Quantity;
import org.phirecords.security.Role;
import org.phirecords.service.BulkExport;

/**
 * Resumption of a bulk export whose runner died (ADR 38): the run's lease lapses, another instance
 * claims the job once and resumes it from its sealed parts, with the requester's access, to the
 * same files as an export that was never interrupted.
 */
class ExportResumptionTest {
  private static final String T = "tenant-resume";
  private final StoreFixture fixture = new StoreFixture();
  private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

  /** Calls of {@link Clock#instant()} left before the running instance "dies" (0: never). */
  private final AtomicInteger dieAfter = new AtomicInteger();

  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          if (dieAfter.get() > 0 && dieAfter.decrementAndGet() == 0) {
            throw new InstanceDied();
          }
          return Instant.now().plus(ahead.get());
        }
      };

  /** The instance running the export ended (an Error: nothing in the run catches it). */
  private static final class InstanceDied extends Error {
    InstanceDied() {
      super("simulated end of the instance");
    }
  }

  private final List<Runnable> queued = new ArrayList<>();
  private final MongoPatientDirectory directory =
      fixture.intercepted(new MongoPatientDirectory(fixture.operations, fixture.protection));
  private final MongoClinicalRecords clinical =
      fixture.intercepted(new MongoClinicalRecords(fixture.operations, fixture.freeText));
  private final MongoBulkExport raw =
      new MongoBulkExport(
          fixture.operations,
          fixture.collections,
          fixture.protection,
          fixture.freeText,
          new RecordsConfig(
              new MapConfig()
                  .with("records.export.part-bytes", "1024")
                  .with("records.export.page-size", "2")
                  .with("records.export.lease-seconds", "60")),
          queued::add,
          clock);
  private final BulkExport exports = fixture.intercepted(raw);

  @AfterEach
  void close() {
    fixture.close();
  }

  @BeforeEach
  void tenWithEntries() {
    fixture
        .collections
        .tenantRegistry()
        .insertOne(
            new Document("_id", T)
                .append("displayName", T)
                .append("status", "ACTIVE")
                .append("createdAt", new Date()));
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    for (int i = 0; i < 10; i++) {
      Patient p = directory.create(People.synthetic());
      for (EntryType type : EntryType.values()) {
        clinical.create(p.id(), entry(type, i));
      }
    }
  }

  private static ClinicalData entry(EntryType type, int i) {
    return new ClinicalData(
        type,
        List.of(new Code("http://snomed.info/sct", "73211009", "Display " + i)),
        LocalDate.of(2026, 3, 1),
        "active",
        type == EntryType.OBSERVATION ? new Quantity(new java.math.BigDecimal("7.1"), "%") : null,
        "Synthetic note " + i + " about " + type + ". ".repeat(20));
  }

  private static ExportRequest all() {
    return new ExportRequest(
        Optional.empty(), Set.of(), Optional.empty(), null, "https://x.example/api/fhir/$export");
  }

  private void runQueued() {
    List<Runnable> now = new ArrayList<>(queued);
    queued.clear();
    now.forEach(Runnable::run);
  }

  /** Each file's text, by type. */
  private Map<String, String> files(ExportStatus status) {
    Map<String, String> files = new LinkedHashMap<>();
    for (var output : status.output()) {
      StringBuilder text = new StringBuilder();
      exports.file(status.id(), output.type()).parts().forEach(text::append);
      files.put(output.type(), text.toString());
    }
    return files;
  }

  private List<Document> stored(String database, String collection, Document filter) {
    try (MongoClient client =
        MongoClients.create(
            database.equals("phi_audit")
                ? "mongodb://" + hostPort(fixture.auditServer)
                : fixture.dataUri)) {
      return client
          .getDatabase(database)
          .getCollection(collection)
          .find(filter)
          .into(new ArrayList<>());
    }
  }

  private static String hostPort(de.bwaldvogel.mongo.MongoServer server) {
    var address = server.getLocalAddress();
    return address.getHostString() + ":" + address.getPort();
  }

  private long parts(ExportId id, String type) {
    return stored(
            "phi_clinical",
            "export_parts",
            new Document("exportId", id.value()).append("type", type))
        .size();
  }

  @Test
  void aRunWhoseInstanceDiedIsResumedOnceToTheSameFilesAsAnUninterruptedExport() {
    ExportId whole = exports.kickOff(all()).id();
    runQueued();
    ExportStatus uninterrupted = exports.status(whole);
    assertThat(uninterrupted.state()).isEqualTo(ExportState.COMPLETED);
    Map<String, String> expected = files(uninterrupted);

    ExportId id = exports.kickOff(all()).id();
    // Two clock reads per page: the instance dies reading its third page.
    dieAfter.set(6);
    assertThatThrownBy(this::runQueued).isInstanceOf(InstanceDied.class);
    dieAfter.set(0);
    Document dead =
        stored("phi_clinical", "export_jobs", new Document("exportId", id.value())).get(0);
    assertThat(dead.getString("state")).isEqualTo("RUNNING");
    Document sealed = dead.get("sealed", Document.class);
    assertThat(sealed).as("some parts sealed before the end").isNotNull();
    assertThat(sealed.keySet()).as("but not every file finished").isNotEmpty();
    long partsBefore =
        stored("phi_clinical", "export_parts", new Document("exportId", id.value())).size();
    assertThat(partsBefore).isPositive();

    assertThat(raw.resumeExpired()).as("the lease has not lapsed yet").isZero();
    assertThat(queued).isEmpty();
    ahead.set(Duration.ofSeconds(61));
    assertThat(raw.resumeExpired()).isEqualTo(1);
    assertThat(raw.resumeExpired()).as("claimed once").isZero();
    runQueued();

    ExportStatus resumed = exports.status(id);
    assertThat(resumed.state()).isEqualTo(ExportState.COMPLETED);
    assertThat(resumed.errors()).isEmpty();
    assertThat(resumed.output()).isEqualTo(uninterrupted.output());
    assertThat(files(resumed)).isEqualTo(expected);
    for (String type : BulkExport.TYPES) {
      assertThat(parts(id, type)).as(type).isEqualTo(parts(whole, type));
    }
    List<Document> runEvents =
        stored(
            "phi_audit",
            "audit_events",
            new Document("operation", "BulkExport.run").append("resourceId", id.value()));
    assertThat(runEvents)
        .as("the resumed run reads as the requester, with the physician's role")
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e.getString("subject"))
                    .isEqualTo(StoreFixture.staff(T, Role.PHYSICIAN).subject()));
  }

  @Test
  void aDatasetWhoseInstanceDiedIsResumedWithTheSameKeyAndEachPatientOnce() {
    MongoDatasets rawDatasets =
        new MongoDatasets(
            fixture.operations,
            fixture.collections,
            fixture.protection,
            fixture.freeText,
            new RecordsConfig(
                new MapConfig()
                    .with("records.export.part-bytes", "1024")
                    .with("records.export.page-size", "2")
                    .with("records.export.lease-seconds", "60")),
            queued::add,
            clock);
    org.phirecords.service.Datasets datasets = fixture.intercepted(rawDatasets);
    fixture.actAs(StoreFixture.staff(T, Role.ANALYST));
    ExportId id =
        datasets
            .create(
                new org.phirecords.model.DatasetRequest(
                    "ndjson", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), Set.of()))
            .id();
    dieAfter.set(6);
    assertThatThrownBy(this::runQueued).isInstanceOf(InstanceDied.class);
    dieAfter.set(0);
    Document dead =
        stored("phi_clinical", "export_jobs", new Document("exportId", id.value())).get(0);
    assertThat(dead.getString("state")).isEqualTo("RUNNING");
    assertThat(dead.get("sealed", Document.class))
        .as("some parts sealed before the end")
        .isNotNull();
    assertThat(raw.resumeExpired()).as("a bulk export's resumption leaves datasets alone").isZero();
    ahead.set(Duration.ofSeconds(61));
    assertThat(raw.resumeExpired()).isZero();
    assertThat(rawDatasets.resumeExpired()).isEqualTo(1);
    runQueued();

    assertThat(datasets.status(id).state()).isEqualTo(ExportState.COMPLETED);
    List<String> patients = lines(datasets, id, "patients");
    List<String> entries = lines(datasets, id, "entries");
    List<String> ids = patients.stream().map(ExportResumptionTest::researchId).toList();
    assertThat(ids).as("each patient once").hasSize(10).doesNotHaveDuplicates();
    assertThat(entries).hasSize(10 * EntryType.values().length).doesNotHaveDuplicates();
    assertThat(entries.stream().map(ExportResumptionTest::researchId).distinct())
        .as("entries written before and after the resumption under the same key")
        .containsExactlyInAnyOrderElementsOf(ids);
  }

  private static List<String> lines(org.phirecords.service.Datasets d, ExportId id, String file) {
    StringBuilder text = new StringBuilder();
    d.download(id, file).parts().forEach(text::append);
    return text.toString().lines().toList();
  }

  private static String researchId(String line) {
    return line.replaceAll(".*\"researchId\":\"([^\"]+)\".*", "$1");
  }
}
