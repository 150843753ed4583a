package org.phirecords.internal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Address;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.Code;
import org.phirecords.model.DatasetRequest;
import org.phirecords.model.EntryType;
import org.phirecords.model.ExportId;
import org.phirecords.model.ExportState;
import org.phirecords.model.Mrn;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.Quantity;
import org.phirecords.security.Role;
import org.phirecords.service.Datasets;

/**
 * Safe Harbor datasets through the real interceptor (ADR 44): canaries in every identifier kind are
 * absent from every file; ages and ZIPs generalised; each file once; only the requester; expiry;
 * the key destroyed; free text only scrubbed and only where enabled; audited without PHI.
 */
class DatasetsTest {
  private static final String T = "tenant-dataset";
  private static final String[] CANARIES = {
    "Zorvexa", "Quibbleton", "MRN-CAN-4242", "987-65-4320", "MBRCAN998877", "Ploverwick Row",
    "Fernhollow", "03601", "62704", "555-0177", "zorvexa@example.invalid", "1931-07-04",
    "1980-02-29", "2025-03-17", "03-17", "CanaryNote"
  };

  private final StoreFixture fixture = new StoreFixture();
  private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);
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
          return Instant.now().plus(ahead.get());
        }
      };
  private final List<Runnable> queued = new ArrayList<>();
  private final MongoClinicalRecords clinical = fixture.clinical();
  private final List<String> patientIds = new ArrayList<>();

  private Datasets datasets(MapConfig config) {
    return fixture.intercepted(
        new MongoDatasets(
            fixture.operations,
            fixture.collections,
            fixture.protection,
            fixture.freeText,
            new RecordsConfig(config),
            queued::add,
            clock));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @BeforeEach
  void canaryPatients() {
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    patient("Zorvexa", "Quibbleton", LocalDate.of(1931, 7, 4), "03601");
    patient("Zorvexb", "Quibbletoo", LocalDate.of(1980, 2, 29), "62704");
  }

  private void patient(String given, String family, LocalDate birth, String zip) {
    Patient p =
        fixture
            .directory()
            .create(
                new PatientData(
                    new Mrn("MRN-CAN-" + (4242 + patientIds.size())),
                    given,
                    family,
                    birth,
                    "female",
                    "987-65-432" + patientIds.size(),
                    "MBRCAN99887" + (7 + patientIds.size()),
                    new Address("12 Ploverwick Row", "Fernhollow", "NH", zip, "US"),
                    "+1-603-555-0177",
                    given.toLowerCase(java.util.Locale.ROOT) + "@example.invalid"));
    patientIds.add(p.id().value());
    clinical.create(
        p.id(),
        new ClinicalData(
            EntryType.OBSERVATION,
            List.of(new Code("http://loinc.org", "4548-4", "CanaryDisplay")),
            LocalDate.of(2025, 3, 17),
            "final",
            new Quantity(new BigDecimal("7.1"), "%"),
            "CanaryNote: " + given + " " + family + " seen 2025-03-17, MRN-CAN-4242, 555-0177."));
    clinical.create(
        p.id(),
        new ClinicalData(
            EntryType.CONDITION,
            List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", null)),
            LocalDate.of(2025, 4, 1),
            "active",
            null,
            "CanaryNote two"));
  }

  private void asAnalyst(String tenant, String subject) {
    fixture.actAs(StoreFixture.staffNamed(subject, tenant, Role.ANALYST));
  }

  private static DatasetRequest request(String format) {
    return new DatasetRequest(
        format, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31), Set.of());
  }

  private void runQueued() {
    List<Runnable> now = new ArrayList<>(queued);
    queued.clear();
    now.forEach(Runnable::run);
  }

  private static String read(Datasets d, ExportId id, String file) {
    StringBuilder s = new StringBuilder();
    d.download(id, file).parts().forEach(s::append);
    return s.toString();
  }

  private static ErrorCode code(Throwable e) {
    return ((RecordsException) e).errorCode();
  }

  @Test
  void noCanaryOfAnyIdentifierKindReachesTheFilesAndValuesAreGeneralised() {
    Datasets d = datasets(new MapConfig());
    asAnalyst(T, "analyst-1");
    ExportId id = d.create(request("ndjson")).id();
    assertThatThrownBy(() -> d.download(id, "patients"))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.DATASET_NOT_READY));
    runQueued();
    assertThat(d.status(id).state()).isEqualTo(ExportState.COMPLETED);
    assertThat(d.status(id).files())
        .extracting(f -> f.name())
        .containsExactly("patients", "entries");

    String patients = read(d, id, "patients");
    String entries = read(d, id, "entries");
    String all = patients + entries;
    for (String canary : CANARIES) {
      assertThat(all).as(canary).doesNotContainIgnoringCase(canary);
    }
    for (String patientId : patientIds) {
      assertThat(all).doesNotContain(patientId);
    }
    assertThat(patients.lines())
        .hasSize(2)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("\"age\":\"90+\"")
                    .contains("\"birthYear\":null")
                    .contains("\"zip3\":\"000\"")
                    .contains("\"state\":\"NH\""))
        .anySatisfy(l -> assertThat(l).contains("\"birthYear\":1980").contains("\"zip3\":\"627\""));
    assertThat(entries.lines())
        .hasSize(4)
        .allSatisfy(l -> assertThat(l).contains("\"year\":2025").contains("\"text\":null"));
    assertThat(entries).contains("http://loinc.org|4548-4").doesNotContain("CanaryDisplay");

    // Once per file; then the key is gone with the last one.
    assertThatThrownBy(() -> d.download(id, "patients"))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.DATASET_GONE));
    assertThat(stored("export_jobs"))
        .singleElement()
        .satisfies(j -> assertThat(j.get("params", Document.class)).doesNotContainKey("key"));
    assertThat(stored("export_parts")).as("downloaded parts removed").isEmpty();
    assertThat(events().toString()).doesNotContainIgnoringCase("zorvex");
    assertThat(events())
        .extracting(e -> e.getString("operation") + " " + e.getString("outcome"))
        .contains("Datasets.create SUCCESS", "Datasets.run SUCCESS", "Datasets.download SUCCESS");
  }

  @Test
  void researchIdsJoinTheFilesOfOneDatasetButNotTwoDatasets() {
    Datasets d = datasets(new MapConfig());
    asAnalyst(T, "analyst-1");
    ExportId one = d.create(request("ndjson")).id();
    ExportId two = d.create(request("ndjson")).id();
    runQueued();
    List<String> ids1 = researchIds(read(d, one, "patients"));
    List<String> ids2 = researchIds(read(d, two, "patients"));
    assertThat(researchIds(read(d, one, "entries"))).containsAll(ids1);
    assertThat(ids1).hasSize(2).doesNotContainAnyElementsOf(ids2);
  }

  private static List<String> researchIds(String ndjson) {
    return ndjson
        .lines()
        .map(l -> l.replaceAll(".*\"researchId\":\"([^\"]+)\".*", "$1"))
        .distinct()
        .toList();
  }

  @Test
  void theScrubberWritesFreeTextOnlyWhereEnabledAndScrubbed() {
    Datasets d =
        datasets(
            new MapConfig().with("records.analytics.tenant." + T + ".free-text-scrubber", "true"));
    asAnalyst(T, "analyst-1");
    ExportId id = d.create(request("csv")).id();
    runQueued();
    String entries = read(d, id, "entries");
    assertThat(entries.lines().findFirst()).contains(DatasetContent.ENTRY_HEADER);
    assertThat(entries).contains("[NAME] [NAME] seen [DATE], [ID], [PHONE].");
    for (String canary : CANARIES) {
      if (!canary.equals("CanaryNote")) {
        assertThat(entries).as(canary).doesNotContainIgnoringCase(canary);
      }
    }
    String patients = read(d, id, "patients");
    assertThat(patients.lines().findFirst()).contains(DatasetContent.PATIENT_HEADER);
    assertThat(patients).contains(",90+,,NH,000");
  }

  @Test
  void onlyTheRequesterOfTheTenantFindsItAndItExpires() {
    Datasets d = datasets(new MapConfig());
    asAnalyst(T, "analyst-1");
    ExportId id = d.create(request("ndjson")).id();
    runQueued();
    asAnalyst(T, "analyst-2");
    assertThatThrownBy(() -> d.status(id))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.DATASET_FILE));
    assertThatThrownBy(() -> d.download(id, "patients"))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.DATASET_FILE));
    asAnalyst("tenant-other", "analyst-1");
    assertThatThrownBy(() -> d.status(id))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.DATASET_FILE));
    // A bulk export's requester finds no dataset among the exports.
    fixture.actAs(StoreFixture.staffNamed("analyst-1", T, Role.PHYSICIAN));
    var exports =
        fixture.intercepted(
            new MongoBulkExport(
                fixture.operations,
                fixture.collections,
                fixture.protection,
                fixture.freeText,
                new RecordsConfig(new MapConfig()),
                queued::add,
                clock));
    assertThatThrownBy(() -> exports.status(id))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.EXPORT_NOT_FOUND));

    asAnalyst(T, "analyst-1");
    ahead.set(Duration.ofHours(3));
    assertThatThrownBy(() -> d.status(id))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.DATASET_GONE));
    assertThatThrownBy(() -> d.download(id, "entries"))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.DATASET_GONE));
  }

  @Test
  void cancelRemovesFilesAndKeyAndBadRequestsAreRefused() {
    Datasets d = datasets(new MapConfig());
    asAnalyst(T, "analyst-1");
    assertThatThrownBy(() -> d.create(request("xlsx")))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.DATASET_FORMAT));
    assertThatThrownBy(
            () ->
                d.create(
                    new DatasetRequest(
                        "csv", LocalDate.of(2025, 1, 1), LocalDate.of(2024, 1, 1), Set.of())))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.DATASET_RANGE));
    ExportId id = d.create(request("csv")).id();
    runQueued();
    d.cancel(id);
    assertThatThrownBy(() -> d.status(id))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.DATASET_FILE));
    assertThat(stored("export_parts")).isEmpty();
    assertThat(stored("export_jobs"))
        .singleElement()
        .satisfies(j -> assertThat(j.get("params", Document.class)).doesNotContainKey("key"));
  }

  @Test
  void aPhysicianMayNotBuildADataset() {
    Datasets d = datasets(new MapConfig());
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    assertThatThrownBy(() -> d.create(request("ndjson")))
        .isInstanceOf(org.phirecords.error.AccessDeniedException.class);
  }

  private List<Document> stored(String collection) {
    try (MongoClient client = MongoClients.create(fixture.dataUri)) {
      return client
          .getDatabase("phi_clinical")
          .getCollection(collection)
          .find()
          .into(new ArrayList<>());
    }
  }

  private List<Document> events() {
    var address = fixture.auditServer.getLocalAddress();
    try (MongoClient client =
        MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
      return client
          .getDatabase("phi_audit")
          .getCollection("audit_events")
          .find(new Document("resourceType", "ANALYTICS_DATASET"))
          .into(new ArrayList<>());
    }
  }
}
