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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.bson.Document;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.fhir.FhirJson;
import org.phirecords.internal.organisation.MongoMemberships;
import org.phirecords.internal.organisation.MongoOrganisations;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.patient.MongoPatientMerges;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.ExportId;
import org.phirecords.model.ExportRequest;
import org.phirecords.model.ExportState;
import org.phirecords.model.ExportStatus;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationKind;
import org.phirecords.model.Patient;
import org.phirecords.model.Quantity;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;
import org.phirecords.service.BulkExport;
import org.phirecords.service.Memberships;
import org.phirecords.service.Organisations;

/**
 * FHIR bulk export through the real interceptor (ADR 38): kick-off, poll, download; every resource
 * present; {@code _type} and {@code _since}; only the requester, only the tenant and reach; expiry
 * and the sweep; nothing readable at rest; every step audited without PHI.
 */
class BulkExportTest {
  private static final String T = "tenant-export";
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
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords clinical = fixture.clinical();
  private final BulkExport exports = exporter(new MapConfig());
  private final Map<String, List<String>> created = new HashMap<>();

  private BulkExport exporter(MapConfig config) {
    return fixture.intercepted(
        new MongoBulkExport(
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
  void threePatientsWithEveryKindOfEntry() {
    asPhysician(T);
    for (int i = 0; i < 3; i++) {
      record(directory.create(People.synthetic()));
    }
  }

  private void record(Patient p) {
    created.computeIfAbsent("Patient", k -> new ArrayList<>()).add(p.id().value());
    for (EntryType type : EntryType.values()) {
      ClinicalEntry e = clinical.create(p.id(), entry(type));
      created
          .computeIfAbsent(
              org.phirecords.internal.fhir.FhirResources.typeOf(type), k -> new ArrayList<>())
          .add(e.id().value());
    }
  }

  private static ClinicalData entry(EntryType type) {
    return new ClinicalData(
        type,
        List.of(new Code("http://snomed.info/sct", "73211009", "CanaryDisplay")),
        LocalDate.of(2026, 3, 1),
        "active",
        type == EntryType.OBSERVATION ? new Quantity(new java.math.BigDecimal("7.1"), "%") : null,
        "CanaryNote about " + type);
  }

  private void asPhysician(String tenant) {
    fixture.actAs(StoreFixture.staff(tenant, Role.PHYSICIAN));
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

  /** The file of {@code type} parsed, resource by resource. */
  private List<Resource> file(ExportId id, String type) {
    List<Resource> resources = new ArrayList<>();
    for (String part : exports.file(id, type).parts()) {
      assertThat(part).endsWith("\n");
      for (String line : part.split("\n")) {
        IBaseResource r = FhirJson.R4.newJsonParser().parseResource(line);
        resources.add((Resource) r);
      }
    }
    return resources;
  }

  private static List<String> ids(List<Resource> resources) {
    return resources.stream().map(r -> r.getIdElement().getIdPart().replace('.', '_')).toList();
  }

  private static ErrorCode code(Throwable e) {
    return ((RecordsException) e).errorCode();
  }

  @Test
  void kickOffPollAndDownloadGiveEveryResourceCreated() {
    ExportStatus started = exports.kickOff(all());
    assertThat(started.state()).isEqualTo(ExportState.RUNNING);
    assertThat(exports.status(started.id()).state())
        .as("polled before the job ran")
        .isEqualTo(ExportState.RUNNING);
    runQueued();

    ExportStatus done = exports.status(started.id());
    assertThat(done.state()).isEqualTo(ExportState.COMPLETED);
    assertThat(done.progress()).isEqualTo(100);
    assertThat(done.request()).isEqualTo("https://x.example/api/fhir/$export");
    assertThat(done.expiresAt()).isAfter(clock.instant().plus(Duration.ofMinutes(59)));
    assertThat(done.output()).extracting(o -> o.type()).containsExactlyElementsOf(BulkExport.TYPES);
    for (String type : BulkExport.TYPES) {
      List<Resource> resources = file(started.id(), type);
      assertThat(resources).allSatisfy(r -> assertThat(r.fhirType()).isEqualTo(type));
      assertThat(ids(resources)).as(type).containsExactlyInAnyOrderElementsOf(created.get(type));
      assertThat(done.output().stream().filter(o -> o.type().equals(type)).findFirst())
          .get()
          .extracting(o -> o.count())
          .isEqualTo((long) created.get(type).size());
    }
    org.hl7.fhir.r4.model.Patient first =
        (org.hl7.fhir.r4.model.Patient) file(started.id(), "Patient").get(0);
    assertThat(first.getNameFirstRep().getFamily()).startsWith("CanaryFamily");
    org.hl7.fhir.r4.model.Condition condition =
        (org.hl7.fhir.r4.model.Condition) file(started.id(), "Condition").get(0);
    assertThat(condition.getSubject().getReference()).startsWith("Patient/");
    assertThat(condition.getNoteFirstRep().getText()).isEqualTo("CanaryNote about CONDITION");
  }

  @Test
  void aSystemClientsExportIsADisclosurePerPatientAndAPhysiciansIsNot() {
    var disclosures =
        fixture.intercepted(
            new org.phirecords.internal.disclosure.MongoDisclosures(
                fixture.operations, fixture.freeText, null, null, null));
    exports.kickOff(all());
    runQueued();
    fixture.actAs(
        new org.phirecords.security.Caller(
            "ehr-sync",
            Optional.of(new org.phirecords.model.TenantId(T)),
            Set.of(Role.SYSTEM),
            Optional.empty(),
            org.phirecords.security.PurposeOfUse.OPERATIONS,
            "127.0.0.1",
            "https://idp.example",
            Set.of(),
            Set.of(org.phirecords.security.Permission.BULK_EXPORT)));
    ExportId bySystem = exports.kickOff(all()).id();
    runQueued();
    assertThat(exports.status(bySystem).state()).isEqualTo(ExportState.COMPLETED);

    asPhysician(T);
    for (String patient : created.get("Patient")) {
      var listed =
          disclosures
              .accounting(
                  new org.phirecords.model.PatientId(patient),
                  null,
                  org.phirecords.model.PageRequest.first(10))
              .items();
      assertThat(listed).as("one disclosure, the system client's export").hasSize(1);
      assertThat(listed.get(0).source())
          .isEqualTo(org.phirecords.model.DisclosureSource.BULK_EXPORT);
      assertThat(listed.get(0).recipient()).contains("ehr-sync");
      assertThat(listed.get(0).description()).contains(bySystem.value());
    }
  }

  @Test
  void aSurvivorsExportHoldsTheEntriesOfARegistrationMergedIntoItOnce() {
    fixture.registerTenant(T, "Clinic");
    Patient survivor = directory.create(People.synthetic());
    Patient merged = directory.create(People.synthetic());
    ClinicalEntry ofMerged = clinical.create(merged.id(), entry(EntryType.CONDITION));
    fixture
        .intercepted(
            new MongoPatientMerges(
                fixture.operations, fixture.protection, new RecordsConfig(new MapConfig())))
        .merge(survivor.id(), 1, merged.id(), 1);

    ExportId id = exports.kickOff(all()).id();
    runQueued();
    assertThat(file(id, "Condition"))
        .filteredOn(r -> r.getIdElement().getIdPart().equals(fhirId(ofMerged.id().value())))
        .singleElement()
        .satisfies(
            r ->
                assertThat(((org.hl7.fhir.r4.model.Condition) r).getSubject().getReference())
                    .isEqualTo("Patient/" + fhirId(survivor.id().value())));
  }

  private static String fhirId(String id) {
    return id.replace('_', '.');
  }

  @Test
  void filesAreSplitIntoPartsThatReadBackInOrder() {
    BulkExport small = exporter(new MapConfig().with("records.export.part-bytes", "1024"));
    for (int i = 0; i < 4; i++) {
      record(directory.create(People.synthetic()));
    }
    ExportId id = small.kickOff(all()).id();
    runQueued();
    assertThat(
            fixture
                .collections
                .forMaintenance(StoredCollection.EXPORT_PARTS, new TenantId(T))
                .count(new Document("type", "Patient")))
        .as("several parts")
        .isGreaterThan(1);
    assertThat(ids(file(id, "Patient")))
        .containsExactlyInAnyOrderElementsOf(created.get("Patient"));
  }

  @Test
  void typeAndSinceAreHonoured() throws InterruptedException {
    Thread.sleep(5);
    Instant since = Instant.now();
    Thread.sleep(5);
    Patient later = directory.create(People.synthetic());
    ClinicalEntry laterCondition = clinical.create(later.id(), entry(EntryType.CONDITION));
    clinical.create(later.id(), entry(EntryType.NOTE));

    ExportId id =
        exports
            .kickOff(
                new ExportRequest(
                    Optional.empty(),
                    Set.of("Patient", "Condition"),
                    Optional.of(since),
                    "application/fhir+ndjson",
                    "r"))
            .id();
    runQueued();
    ExportStatus done = exports.status(id);
    assertThat(done.output()).extracting(o -> o.type()).containsExactly("Patient", "Condition");
    assertThat(ids(file(id, "Patient"))).containsExactly(later.id().value());
    assertThat(ids(file(id, "Condition"))).containsExactly(laterCondition.id().value());
    assertThatThrownBy(() -> exports.file(id, "DocumentReference"))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_NOT_FOUND);
  }

  @Test
  void badParametersAndTooManyRunningAreRefused() {
    assertThatThrownBy(
            () ->
                exports.kickOff(
                    new ExportRequest(
                        Optional.empty(), Set.of("Medication"), Optional.empty(), null, "r")))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_TYPE);
    assertThatThrownBy(
            () ->
                exports.kickOff(
                    new ExportRequest(
                        Optional.empty(), Set.of(), Optional.empty(), "text/csv", "r")))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_FORMAT);
    assertThatThrownBy(
            () ->
                exports.kickOff(
                    new ExportRequest(
                        Optional.empty(),
                        Set.of(),
                        Optional.of(Instant.now().plus(1, ChronoUnit.HOURS)),
                        null,
                        "r")))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_SINCE);
    exports.kickOff(all());
    exports.kickOff(all());
    assertThatThrownBy(() -> exports.kickOff(all()))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_TOO_MANY);
    runQueued();
    assertThat(exports.kickOff(all()).state())
        .as("once they completed")
        .isEqualTo(ExportState.RUNNING);
  }

  @Test
  void onlyTheRequesterSeesTheExportAndAnotherTenantsExportHoldsNoneOfIts() {
    ExportId id = exports.kickOff(all()).id();
    runQueued();

    fixture.actAs(StoreFixture.staffNamed("another-physician", T, Role.PHYSICIAN));
    assertThatThrownBy(() -> exports.status(id))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_NOT_FOUND);
    assertThatThrownBy(() -> exports.file(id, "Patient"))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_NOT_FOUND);
    assertThatThrownBy(() -> exports.delete(id))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_NOT_FOUND);

    asPhysician("tenant-other");
    assertThatThrownBy(() -> exports.file(id, "Patient"))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_NOT_FOUND);
    Patient theirs = directory.create(People.synthetic());
    ExportId other = exports.kickOff(all()).id();
    runQueued();
    assertThat(ids(file(other, "Patient"))).containsExactly(theirs.id().value());

    fixture.actAs(StoreFixture.staff(T, Role.BILLING));
    assertThatThrownBy(() -> exports.kickOff(all()))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.ACCESS_DENIED);

    asPhysician(T);
    assertThat(exports.status(id).state()).isEqualTo(ExportState.COMPLETED);
  }

  @Test
  void aCallerGrantedAtAnOrganisationExportsItsPatientsOnlyAndAGroupItsMembers() {
    Organisations organisations = fixture.intercepted(new MongoOrganisations(fixture.operations));
    Memberships memberships =
        fixture.intercepted(new MongoMemberships(fixture.operations, fixture.freeText));
    fixture.actAs(StoreFixture.staff(T, Role.TENANT_ADMIN));
    OrganisationId a = new OrganisationId("client-a");
    OrganisationId b = new OrganisationId("client-b");
    organisations.create(a, "Client A", OrganisationKind.CLIENT, Optional.empty());
    organisations.create(b, "Client B", OrganisationKind.CLIENT, Optional.empty());
    asPhysician(T);
    Patient ofA = directory.create(People.synthetic());
    Patient ofB = directory.create(People.synthetic());
    Instant since = Instant.now().minus(30, ChronoUnit.DAYS);
    memberships.add(ofA.id(), a, since, Optional.empty(), Optional.empty());
    memberships.add(ofB.id(), b, since, Optional.empty(), Optional.empty());

    ExportId group =
        exports
            .kickOff(
                new ExportRequest(Optional.of(b), Set.of("Patient"), Optional.empty(), null, "g"))
            .id();
    runQueued();
    assertThat(ids(file(group, "Patient")))
        .as("the group: members of B")
        .containsExactly(ofB.id().value());
    assertThatThrownBy(
            () ->
                exports.kickOff(
                    new ExportRequest(
                        Optional.of(new OrganisationId("nowhere")),
                        Set.of(),
                        Optional.empty(),
                        null,
                        "g")))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_GROUP_NOT_FOUND);

    grantPhysicianAt("client-a-clinicians", "client-a");
    Caller scoped =
        new Caller(
            "client-a-clinicians",
            Optional.of(new TenantId(T)),
            EnumSet.noneOf(Role.class),
            Optional.empty(),
            PurposeOfUse.TREATMENT,
            "127.0.0.1",
            "https://idp.example",
            Set.of("client-a-clinicians"));
    fixture.actAs(scoped);
    ExportId narrowed = exports.kickOff(all()).id();
    runQueued();
    assertThat(ids(file(narrowed, "Patient"))).containsExactly(ofA.id().value());
    assertThatThrownBy(
            () ->
                exports.kickOff(
                    new ExportRequest(Optional.of(b), Set.of(), Optional.empty(), null, "g")))
        .as("a group outside the caller's organisations")
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_GROUP_NOT_FOUND);
  }

  private void grantPhysicianAt(String principal, String organisation) {
    fixture
        .collections
        .forMaintenance(StoredCollection.GRANTS, new TenantId(T))
        .insertOne(
            new Document("grantId", org.phirecords.model.GrantId.random().value())
                .append("principalKind", "GROUP")
                .append("principal", principal)
                .append("role", Role.PHYSICIAN.name())
                .append("organisationId", organisation)
                .append("status", "ACTIVE")
                .append("requestedBy", "admin-1")
                .append("approvedBy", "admin-2")
                .append("version", 1L)
                .append("createdAt", new Date()));
  }

  @Test
  void expiredExportsAreRefusedAndSweptAway() {
    ExportId id = exports.kickOff(all()).id();
    runQueued();
    assertThat(file(id, "Patient")).hasSize(3);
    ahead.set(Duration.ofMinutes(61));
    assertThatThrownBy(() -> exports.file(id, "Patient"))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_EXPIRED);
    assertThatThrownBy(() -> exports.status(id))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_EXPIRED);
    long removed =
        new ExportSweep(fixture.collections, new RecordsConfig(new MapConfig()))
            .sweep(Date.from(clock.instant()));
    assertThat(removed).as("the job and its parts").isGreaterThan(BulkExport.TYPES.size());
    assertThat(stored("export_parts")).isEmpty();
    assertThat(stored("export_jobs")).isEmpty();
  }

  @Test
  void aDeleteCancelsARunningExportAndLeavesNoFiles() {
    ExportId id = exports.kickOff(all()).id();
    exports.delete(id);
    runQueued();
    assertThatThrownBy(() -> exports.status(id))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_NOT_FOUND);
    assertThat(stored("export_parts")).isEmpty();

    ExportId done = exports.kickOff(all()).id();
    runQueued();
    exports.delete(done);
    assertThat(stored("export_parts")).isEmpty();
    assertThatThrownBy(() -> exports.file(done, "Patient"))
        .extracting(BulkExportTest::code)
        .isEqualTo(ErrorCode.EXPORT_NOT_FOUND);
  }

  @Test
  void nothingOfAnExportIsReadableAtRestAndEveryStepIsAuditedWithoutPhi() {
    ExportId id = exports.kickOff(all()).id();
    runQueued();
    for (String type : BulkExport.TYPES) {
      file(id, type);
    }
    List<Document> parts = stored("export_parts");
    assertThat(parts).hasSize(BulkExport.TYPES.size());
    StringBuilder atRest = new StringBuilder();
    parts.forEach(p -> atRest.append(p.toJson()));
    stored("export_jobs").forEach(j -> atRest.append(j.toJson()));
    assertThat(atRest.toString())
        .doesNotContainIgnoringCase("canary")
        .doesNotContain("73211009")
        .doesNotContain("resourceType");

    exports.delete(id);
    List<Document> events = new ArrayList<>();
    try (MongoClient client = MongoClients.create(uri(fixture.auditServer))) {
      client
          .getDatabase("phi_audit")
          .getCollection("audit_events")
          .find(new Document("resourceType", "BULK_EXPORT"))
          .into(events);
    }
    assertThat(events)
        .extracting(e -> e.getString("operation") + " " + e.getString("action"))
        .contains(
            "BulkExport.kickOff EXPORT",
            "BulkExport.run EXPORT",
            "BulkExport.file EXPORT",
            "BulkExport.delete DELETE");
    assertThat(events.stream().filter(e -> "BulkExport.run".equals(e.getString("operation"))))
        .extracting(e -> e.getString("patientId"))
        .as("one event per patient exported, and the completion")
        .containsAll(created.get("Patient"))
        .hasSize(created.get("Patient").size() + 1);
    assertThat(events.toString()).doesNotContainIgnoringCase("canary");
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

  private static String uri(de.bwaldvogel.mongo.MongoServer server) {
    var address = server.getLocalAddress();
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }
}
