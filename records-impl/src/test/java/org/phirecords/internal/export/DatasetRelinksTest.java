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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.crypto.DatasetPseudonyms;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Address;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.Code;
import org.phirecords.model.DatasetRequest;
import org.phirecords.model.EntryType;
import org.phirecords.model.ExportId;
import org.phirecords.model.Mrn;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.RelinkId;
import org.phirecords.model.RelinkRequest;
import org.phirecords.model.RelinkState;
import org.phirecords.security.Role;
import org.phirecords.service.DatasetRelinks;
import org.phirecords.service.Datasets;

/**
 * Re-linking a dataset's research ids (ADR 44) through the real interceptor: asked by the analyst
 * with a purpose, decided by another person holding the privacy officer's role, released once to
 * the requester only, for the approved ids only, before expiry; audited with ids and counts.
 */
class DatasetRelinksTest {
  private static final String T = "tenant-relink";
  private static final String PURPOSE = "Recall for a lab result outside the reference range";

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
  private final List<String> patientIds = new ArrayList<>();
  private Datasets datasets;
  private DatasetRelinks relinks;

  @BeforeEach
  void patients() {
    datasets =
        fixture.intercepted(
            new MongoDatasets(
                fixture.operations,
                fixture.collections,
                fixture.protection,
                fixture.freeText,
                new RecordsConfig(new MapConfig()),
                queued::add,
                clock));
    relinks =
        fixture.intercepted(
            new MongoDatasetRelinks(
                fixture.operations, fixture.protection, fixture.freeText, clock));
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
    MongoClinicalRecords clinical = fixture.clinical();
    for (int i = 0; i < 3; i++) {
      Patient p =
          fixture
              .directory()
              .create(
                  new PatientData(
                      new Mrn("MRN-RL-" + i),
                      "Given" + i,
                      "Family" + i,
                      LocalDate.of(1970 + i, 1, 1),
                      "female",
                      null,
                      null,
                      new Address("1 Main St", "Concord", "NH", "03301", "US"),
                      null,
                      null));
      patientIds.add(p.id().value());
      clinical.create(
          p.id(),
          new ClinicalData(
              EntryType.CONDITION,
              List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", null)),
              LocalDate.of(2025, 4, 1),
              "active",
              null,
              null));
    }
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private void as(String subject, String tenant, Role... roles) {
    fixture.actAs(StoreFixture.staffNamed(subject, tenant, roles));
  }

  /** A completed dataset of analyst-1's; the research ids of the seeded patients, in order. */
  private ExportId dataset(boolean relinkable) {
    as("analyst-1", T, Role.ANALYST);
    ExportId id =
        datasets
            .create(
                new DatasetRequest(
                    "ndjson",
                    LocalDate.of(2025, 1, 1),
                    LocalDate.of(2025, 12, 31),
                    Set.of(),
                    relinkable))
            .id();
    List<Runnable> now = new ArrayList<>(queued);
    queued.clear();
    now.forEach(Runnable::run);
    for (String file : Datasets.FILES) {
      datasets.download(id, file).parts().forEach(p -> {});
    }
    return id;
  }

  /** The research id of seeded patient {@code i} in {@code dataset}, from the sealed key. */
  private String researchId(ExportId dataset, int i) {
    Document job = stored("export_jobs").get(0);
    assertThat(job.getString("exportId")).isEqualTo(dataset.value());
    String key =
        fixture.freeText.open(
            new org.phirecords.model.TenantId(T), job.get("params", Document.class).get("key"));
    return DatasetPseudonyms.under(key).of(patientIds.get(i));
  }

  private static ErrorCode code(Throwable e) {
    return ((RecordsException) e).errorCode();
  }

  @Test
  void anApprovedRequestReleasesTheApprovedPatientIdsOnceToTheRequester() {
    ExportId dataset = dataset(true);
    String first = researchId(dataset, 0);
    String second = researchId(dataset, 1);
    RelinkRequest asked = relinks.request(dataset, List.of(first, second), PURPOSE);
    assertThat(asked.state()).isEqualTo(RelinkState.PENDING);
    assertThatThrownBy(() -> relinks.release(asked.id()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_STATE));

    as("privacy-1", T, Role.PRIVACY_OFFICER);
    assertThat(relinks.pending())
        .singleElement()
        .satisfies(r -> assertThat(r.purpose()).isEqualTo(PURPOSE));
    RelinkRequest approved = relinks.decide(asked.id(), true, List.of(first));
    assertThat(approved.state()).isEqualTo(RelinkState.APPROVED);
    assertThat(approved.researchIds()).containsExactly(first);
    assertThatThrownBy(() -> relinks.decide(asked.id(), false, List.of()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_STATE));
    assertThat(relinks.pending()).isEmpty();

    as("analyst-2", T, Role.ANALYST);
    assertThatThrownBy(() -> relinks.release(asked.id()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_NOT_FOUND));
    as("analyst-1", "tenant-other", Role.ANALYST);
    assertThatThrownBy(() -> relinks.release(asked.id()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_NOT_FOUND));

    as("analyst-1", T, Role.ANALYST);
    Map<String, String> links = relinks.release(asked.id());
    assertThat(links).containsExactly(Map.entry(first, patientIds.get(0)));
    assertThatThrownBy(() -> relinks.release(asked.id()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_STATE));

    String events = events().toString();
    assertThat(events)
        .contains("DatasetRelinks.request", "DatasetRelinks.decide", "DatasetRelinks.release")
        .doesNotContain(patientIds.get(0))
        .doesNotContain(first)
        .doesNotContain("Recall");
    assertThat(stored("dataset_relinks").toString()).doesNotContain("Recall");
  }

  @Test
  void theRequesterCannotApproveTheirOwnRequestNorAnAnalystDecide() {
    ExportId dataset = dataset(true);
    as("analyst-1", T, Role.ANALYST, Role.PRIVACY_OFFICER);
    RelinkRequest asked = relinks.request(dataset, List.of(researchId(dataset, 0)), PURPOSE);
    assertThatThrownBy(() -> relinks.decide(asked.id(), true, List.of()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_SELF_APPROVAL));
    as("analyst-2", T, Role.ANALYST);
    assertThatThrownBy(() -> relinks.decide(asked.id(), true, List.of()))
        .isInstanceOf(AccessDeniedException.class);
    as("privacy-1", "tenant-other", Role.PRIVACY_OFFICER);
    assertThatThrownBy(() -> relinks.decide(asked.id(), true, List.of()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_NOT_FOUND));
    as("privacy-1", T, Role.PRIVACY_OFFICER);
    assertThat(relinks.decide(asked.id(), false, List.of()).state()).isEqualTo(RelinkState.DENIED);
    as("analyst-1", T, Role.ANALYST);
    assertThatThrownBy(() -> relinks.release(asked.id()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_STATE));
  }

  @Test
  void aDatasetNotRelinkableKeepsNoKeyAndAnExpiredApprovalReleasesNothing() {
    ExportId plain = dataset(false);
    assertThat(stored("export_jobs").get(0).get("params", Document.class)).doesNotContainKey("key");
    String anyId = "AAAAAAAAAAAAAAAAAAAAAA";
    assertThatThrownBy(() -> relinks.request(plain, List.of(anyId), PURPOSE))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_STATE));
    assertThatThrownBy(() -> relinks.request(plain, List.of("not-an-id"), PURPOSE))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_IDS));
    assertThatThrownBy(() -> relinks.request(plain, List.of(anyId, anyId), PURPOSE))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_IDS));
    assertThatThrownBy(() -> relinks.request(plain, List.of(anyId), "short"))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_PURPOSE));
    assertThatThrownBy(() -> relinks.request(ExportId.random(), List.of(anyId), PURPOSE))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_NOT_FOUND));
  }

  @Test
  void anApprovalPastTheDatasetsExpiryReleasesNothing() {
    ExportId dataset = dataset(true);
    RelinkRequest asked = relinks.request(dataset, List.of(researchId(dataset, 2)), PURPOSE);
    as("privacy-1", T, Role.PRIVACY_OFFICER);
    relinks.decide(asked.id(), true, List.of());
    ahead.set(Duration.ofDays(30));
    as("analyst-1", T, Role.ANALYST);
    assertThatThrownBy(() -> relinks.release(asked.id()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_STATE));
    assertThatThrownBy(() -> relinks.release(new RelinkId("BBBBBBBBBBBBBBBBBBBBBB")))
        .satisfies(e -> assertThat(code(e)).isEqualTo(ErrorCode.RELINK_NOT_FOUND));
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
