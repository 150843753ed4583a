package org.phirecords.internal.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.organisation.MongoMemberships;
import org.phirecords.internal.organisation.MongoOrganisations;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Address;
import org.phirecords.model.AnalyticsQuery;
import org.phirecords.model.AnalyticsResult;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.GrantId;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationKind;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;

/**
 * The analytics projection and queries (ADR 43): facts written on the write paths with generalised
 * values only, queries scoped in their first stage, small cells suppressed, every query audited.
 */
class AnalyticsTest {
  static final String T = "analytics-a";
  static final String ICD = "http://hl7.org/fhir/sid/icd-10-cm";
  static final LocalDate DAY = LocalDate.of(2025, 3, 17);

  final StoreFixture fixture = new StoreFixture();
  final MongoPatientDirectory directory = fixture.directory();
  final MongoClinicalRecords clinical = fixture.clinical();
  final MongoAnalytics analytics = fixture.analytics(fixture.config);
  final List<Patient> patients = new ArrayList<>();
  final List<String> texts = new ArrayList<>();

  @AfterEach
  void close() {
    fixture.close();
  }

  @BeforeEach
  void physicianRecords() {
    fixture.actAs(StoreFixture.staff(T, Role.PHYSICIAN));
  }

  Patient patient() {
    Patient p = directory.create(People.synthetic());
    patients.add(p);
    return p;
  }

  ClinicalEntry entry(Patient p, String code, LocalDate date) {
    String text = "CanaryText-" + p.id().value() + "-" + texts.size();
    texts.add(text);
    return clinical.create(
        p.id(),
        new ClinicalData(
            EntryType.CONDITION,
            List.of(new Code(ICD, code, "CanaryDisplay")),
            date,
            "active",
            null,
            text));
  }

  List<Document> facts(String tenant) {
    return fixture
        .collections
        .forMaintenance(StoredCollection.ANALYTICS_FACTS, new TenantId(tenant))
        .find(new Document("f", new Document("$ne", "_rebuild")), null, null, 0);
  }

  static AnalyticsQuery byCode(String measure) {
    return query(measure, List.of("code"), List.of());
  }

  static AnalyticsQuery query(String measure, List<String> dimensions, List<String> orgs) {
    return new AnalyticsQuery(
        measure,
        dimensions,
        LocalDate.of(2024, 1, 1),
        LocalDate.of(2025, 12, 31),
        List.of(),
        orgs,
        "HOPERAT");
  }

  AnalyticsResult asAnalyst(AnalyticsQuery q) {
    fixture.actAs(StoreFixture.staff(T, Role.ANALYST));
    try {
      return analytics.query(q);
    } finally {
      physicianRecords();
    }
  }

  @Test
  void eachEntryWriteKeepsOneGeneralisedFactPerEntry() {
    Patient p = patient();
    ClinicalEntry e = entry(p, "E11.9", DAY);
    Document fact = facts(T).get(0);
    int age = java.time.Period.between(p.data().birthDate(), DAY.withDayOfMonth(15)).getYears();
    assertThat(fact.getString("a")).isEqualTo(age / 5 * 5 + "-" + (age / 5 * 5 + 4));
    assertThat(fact.getString("m")).isEqualTo("2025-03");
    assertThat(fact.getString("z")).isEqualTo("627");
    assertThat(fact.getString("x")).isEqualTo("female");
    assertThat(fact.getString("k")).hasSize(64).doesNotContain(p.id().value());

    ClinicalEntry amended =
        clinical.update(
            e.id(),
            1L,
            new ClinicalData(
                EntryType.CONDITION,
                List.of(new Code(ICD, "E11.65", null)),
                DAY,
                "active",
                null,
                null));
    assertThat(facts(T)).singleElement().satisfies(f -> assertThat(f.getLong("v")).isEqualTo(2L));
    clinical.enterInError(e.id(), amended.version());
    assertThat(facts(T)).singleElement().satisfies(f -> assertThat(f.get("g")).isEqualTo(true));

    ClinicalEntry other = entry(p, "I10", DAY);
    PatientData moved =
        new PatientData(
            p.data().mrn(),
            p.data().givenName(),
            p.data().familyName(),
            LocalDate.of(1930, 1, 1),
            "male",
            p.data().ssn(),
            p.data().memberId(),
            new Address("2 Canary Road", "Keene", "NH", "03601-1234", "US"),
            p.data().phone(),
            p.data().email());
    directory.update(p.id(), 1L, moved);
    assertThat(facts(T).stream().filter(f -> f.getString("f").equals(other.id().value())))
        .as("refreshed off the request's path, once the update's event is stored")
        .allSatisfy(f -> assertThat(f.getString("x")).isEqualTo("female"));
    storedEvents()
        .forEach(
            new AnalyticsRefresh(fixture.collections, fixture.protection, fixture.audit)::onStored);
    Document refreshed =
        facts(T).stream()
            .filter(f -> f.getString("f").equals(other.id().value()))
            .findFirst()
            .get();
    assertThat(refreshed.getString("a")).isEqualTo("90+");
    assertThat(refreshed.getString("z")).as("ZIP3 036 has under 20,000 people").isEqualTo("000");
    assertThat(refreshed.getString("x")).isEqualTo("male");
  }

  @SuppressWarnings("unchecked")
  List<org.phirecords.audit.AuditEvent> storedEvents() {
    org.mockito.ArgumentCaptor<org.phirecords.audit.AuditEvent> captor =
        org.mockito.ArgumentCaptor.forClass(org.phirecords.audit.AuditEvent.class);
    org.mockito.Mockito.verify(fixture.events, org.mockito.Mockito.atLeastOnce())
        .fireAsync(captor.capture(), org.mockito.ArgumentMatchers.any());
    return captor.getAllValues();
  }

  @Test
  void aCellOfThreePatientsIsSuppressedAndCannotBeRecoveredFromTheTotal() {
    for (int i = 0; i < 14; i++) {
      entry(patient(), "E11.9", DAY);
    }
    for (int i = 0; i < 3; i++) {
      entry(patient(), "J45.909", DAY);
    }
    AnalyticsResult r = asAnalyst(byCode("patients"));
    assertThat(r.threshold()).isEqualTo(11);
    assertThat(r.total()).isEqualTo(17L);
    assertThat(r.cells())
        .allSatisfy(c -> assertThat(c.suppressed()).isTrue())
        .allSatisfy(c -> assertThat(c.value()).isNull());
    assertThat(r.suppressed()).isEqualTo(2);
  }

  @Test
  void entriesAndDistinctPatientsAreCountedPerCell() {
    Patient p = patient();
    for (int i = 0; i < 12; i++) {
      entry(p, "E11.9", DAY.minusMonths(i % 2));
    }
    AnalyticsResult entries = asAnalyst(query("entries", List.of("month"), List.of()));
    assertThat(entries.total()).isEqualTo(12L);
    assertThat(entries.cells()).hasSize(2).allSatisfy(c -> assertThat(c.suppressed()).isTrue());
    AnalyticsResult byCode = asAnalyst(byCode("entries"));
    assertThat(byCode.cells())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.values()).containsExactly(ICD + "|E11.9");
              assertThat(c.value()).isEqualTo(12L);
            });
    assertThat(asAnalyst(byCode("patients")).total()).as("one patient: under 11").isNull();
  }

  @Test
  void hostileQueryModelsAreRefusedWithStableCodes() {
    fixture.actAs(StoreFixture.staff(T, Role.ANALYST));
    LocalDate from = LocalDate.of(2024, 1, 1);
    List<Code> many = IntStream.range(0, 101).mapToObj(i -> new Code(ICD, "C" + i, null)).toList();
    refused(query("patients", List.of("$where"), List.of()), ErrorCode.ANALYTICS_OPERATOR);
    refused(query("$group", List.of(), List.of()), ErrorCode.ANALYTICS_OPERATOR);
    refused(query("patients", List.of(), List.of("{\"$ne\":1}")), ErrorCode.ANALYTICS_OPERATOR);
    refused(query("patients", List.of("ssn"), List.of()), ErrorCode.ANALYTICS_DIMENSION);
    refused(query("names", List.of(), List.of()), ErrorCode.ANALYTICS_DIMENSION);
    refused(query("patients", List.of("zip3"), List.of()), ErrorCode.ANALYTICS_ZIP3);
    refused(
        new AnalyticsQuery(
            "patients", List.of(), from, from.plusYears(11), List.of(), List.of(), "HOPERAT"),
        ErrorCode.ANALYTICS_RANGE);
    refused(
        new AnalyticsQuery(
            "patients", List.of(), from, from.minusDays(1), List.of(), List.of(), "HOPERAT"),
        ErrorCode.ANALYTICS_RANGE);
    refused(
        new AnalyticsQuery("patients", List.of(), from, from, many, List.of(), "HOPERAT"),
        ErrorCode.ANALYTICS_TOO_MANY);
    refused(
        new AnalyticsQuery("patients", List.of(), from, from, List.of(), List.of(), "TREAT"),
        ErrorCode.ANALYTICS_PURPOSE);
    refused(
        new AnalyticsQuery("patients", List.of(), from, from, List.of(), List.of(), null),
        ErrorCode.ANALYTICS_PURPOSE);
  }

  void refused(AnalyticsQuery q, ErrorCode code) {
    assertThatThrownBy(() -> analytics.query(q))
        .isInstanceOf(RecordsException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(code);
  }

  @Test
  void zip3IsADimensionOnlyWhereTheTenantAllowsIt() {
    MongoAnalytics allowing =
        fixture.analytics(
            new RecordsConfig(
                new MapConfig()
                    .with("records.analytics.tenant." + T + ".zip3-allowed", "true")
                    .with("records.analytics.tenant." + T + ".min-cell-size", "5")));
    for (int i = 0; i < 12; i++) {
      entry(patient(), "E11.9", DAY);
    }
    fixture.actAs(StoreFixture.staff(T, Role.ANALYST));
    AnalyticsResult r = allowing.query(query("patients", List.of("zip3"), List.of()));
    assertThat(r.threshold()).as("a tenant setting never lowers the threshold").isEqualTo(11);
    assertThat(r.cells()).singleElement().satisfies(c -> assertThat(c.value()).isEqualTo(12L));
  }

  @Test
  void theAnalystRoleWithARoleReadingPhiIsRefused() {
    fixture.actAs(StoreFixture.staff(T, Role.ANALYST, Role.PHYSICIAN));
    assertThatThrownBy(() -> analytics.query(byCode("patients")))
        .isInstanceOf(RecordsException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.ANALYST_WITH_PHI_ROLE);
    assertThatThrownBy(() -> directory.get(patient().id()))
        .as("nor may the PHI role be used alongside")
        .isInstanceOf(RecordsException.class);
  }

  @Test
  void anotherTenantsAnalystCountsNothingOfThisTenant() {
    for (int i = 0; i < 12; i++) {
      entry(patient(), "E11.9", DAY);
    }
    fixture.actAs(StoreFixture.staff("analytics-b", Role.ANALYST));
    AnalyticsResult r = analytics.query(byCode("patients"));
    assertThat(r.cells()).isEmpty();
    assertThat(r.total()).isNull();
  }

  @Test
  void theFirstStagePinsTheTenantAndTheCallersOrganisations() {
    AnalyticsSettings settings = new AnalyticsSettings(11, false, 10);
    QueryPipeline pipeline =
        new QueryPipeline(
            query("patients", List.of("organisation"), List.of()), settings, List.of("client-a"));
    List<Bson> stages =
        fixture
            .collections
            .forMaintenance(StoredCollection.ANALYTICS_FACTS, new TenantId(T))
            .stages(pipeline.within(), pipeline.cells());
    String first = stages.get(0).toBsonDocument().toJson();
    assertThat(stages.get(0).toBsonDocument().getFirstKey()).isEqualTo("$match");
    assertThat(first)
        .contains("\"tenantId\": \"" + T + "\"")
        .contains("\"o\": {\"$in\": [\"client-a\"]}");
    assertThat(first).contains("\"g\": {\"$exists\": false}");
  }

  @Test
  void analystsOfAnOrganisationCountOnlyItsPatientsAndAreRefusedOthers() {
    fixture.actAs(StoreFixture.staff(T, Role.TENANT_ADMIN));
    MongoOrganisations orgs = fixture.intercepted(new MongoOrganisations(fixture.operations));
    orgs.create(new OrganisationId("client-a"), "A", OrganisationKind.CLIENT, Optional.empty());
    orgs.create(new OrganisationId("client-b"), "B", OrganisationKind.CLIENT, Optional.empty());
    MongoMemberships members =
        fixture.intercepted(new MongoMemberships(fixture.operations, fixture.freeText));
    physicianRecords();
    Patient a = patient();
    Patient b = patient();
    Instant since = Instant.now().minus(30, ChronoUnit.DAYS);
    members.add(a.id(), new OrganisationId("client-a"), since, Optional.empty(), Optional.empty());
    members.add(b.id(), new OrganisationId("client-b"), since, Optional.empty(), Optional.empty());
    for (int i = 0; i < 12; i++) {
      entry(a, "E11.9", DAY);
      entry(b, "E11.9", DAY);
      entry(b, "E11.9", DAY);
    }
    grant("analysts-a", Role.ANALYST, "client-a");
    fixture.actAs(grantee("analysts-a"));
    AnalyticsResult mine = analytics.query(query("entries", List.of("organisation"), List.of()));
    assertThat(mine.cells())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.values()).containsExactly("client-a");
              assertThat(c.value()).isEqualTo(12L);
            });
    assertThat(mine.total()).isEqualTo(12L);
    assertThatThrownBy(
            () -> analytics.query(query("entries", List.of(), List.of("client-a", "client-b"))))
        .isInstanceOf(RecordsException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.ANALYTICS_OUT_OF_REACH);
  }

  void grant(String principal, Role role, String organisation) {
    fixture
        .collections
        .forMaintenance(StoredCollection.GRANTS, new TenantId(T))
        .insertOne(
            new Document("grantId", GrantId.random().value())
                .append("principalKind", "GROUP")
                .append("principal", principal)
                .append("role", role.name())
                .append("organisationId", organisation)
                .append("status", "ACTIVE")
                .append("requestedBy", "admin-1")
                .append("approvedBy", "admin-2")
                .append("version", 1L)
                .append("createdAt", new Date()));
  }

  static Caller grantee(String group) {
    return new Caller(
        group,
        Optional.of(new TenantId(T)),
        EnumSet.noneOf(Role.class),
        Optional.empty(),
        PurposeOfUse.OPERATIONS,
        "127.0.0.1",
        "https://idp.example",
        Set.of(group));
  }

  @Test
  void everyQueryIsAnAuditEventWithItsParametersAndNoValueAboutAPerson() {
    for (int i = 0; i < 12; i++) {
      entry(patient(), "E11.9", DAY);
    }
    asAnalyst(byCode("patients"));
    asAnalyst(query("entries", List.of("month", "ageBand"), List.of()));
    List<Document> events =
        fixture
            .collections
            .forMaintenance(StoredCollection.AUDIT_EVENTS, new TenantId(T))
            .find(new Document("resourceType", ResourceType.ANALYTICS_QUERY.name()), null, null, 0);
    assertThat(events)
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.getString("resourceId")).hasSize(64));
    fixture.actAs(StoreFixture.staff(T, Role.PRIVACY_OFFICER));
    var listed = analytics.queries(null, null, 10);
    assertThat(listed).hasSize(2).allSatisfy(q -> assertThat(q.intact()).isTrue());
    assertThat(listed.get(1).dimensions()).containsExactly("code");
    assertThat(listed.get(0).dimensions()).containsExactly("month", "ageBand");
    assertThat(listed.get(0).purposeOfUse()).isEqualTo("HOPERAT");
    assertThat(listed.get(0).cells()).isEqualTo(listed.get(0).cells());
    assertThat(events.stream().map(e -> e.getString("resourceId")).toList())
        .containsExactlyInAnyOrderElementsOf(
            fixture
                .collections
                .forMaintenance(StoredCollection.ANALYTICS_QUERIES, new TenantId(T))
                .find(new Document(), null, null, 0)
                .stream()
                .map(d -> d.getString("digest"))
                .toList());
    List<String> canaries = canaries();
    for (Document d :
        fixture
            .collections
            .forMaintenance(StoredCollection.ANALYTICS_QUERIES, new TenantId(T))
            .find(new Document(), null, null, 0)) {
      assertThat(canaries).noneMatch(d.toJson()::contains);
    }
  }

  @Test
  void noIdentifierOrFreeTextCanaryReachesTheProjectionOrAnyAnswer() {
    for (int i = 0; i < 12; i++) {
      Patient p = patient();
      entry(p, "E11.9", DAY);
      entry(p, "I10", DAY.minusYears(1));
    }
    List<String> canaries = canaries();
    List<String> answers = new ArrayList<>();
    for (String dimension : QueryPipeline.DIMENSIONS.keySet()) {
      if (!dimension.equals("zip3")) {
        answers.add(asAnalyst(query("patients", List.of(dimension), List.of())).toString());
        answers.add(asAnalyst(query("entries", List.of(dimension), List.of())).toString());
      }
    }
    List<String> raw = facts(T).stream().map(Document::toJson).toList();
    assertThat(raw).hasSize(24);
    for (String scanned : concat(raw, answers)) {
      assertThat(canaries).noneMatch(scanned::contains);
    }
  }

  @Test
  void theRebuildProjectsExistingEntriesResumablyAndIdempotently() {
    for (int i = 0; i < 5; i++) {
      Patient p = patient();
      ClinicalEntry e = entry(p, "E11.9", DAY);
      clinical.update(
          e.id(),
          1L,
          new ClinicalData(
              EntryType.CONDITION, List.of(new Code(ICD, "E11.65", null)), DAY, null, null, null));
    }
    List<String> before = facts(T).stream().map(AnalyticsTest::comparable).sorted().toList();
    assertThat(before).hasSize(5);
    fixture
        .collections
        .forMaintenance(StoredCollection.ANALYTICS_FACTS, new TenantId(T))
        .deleteMany(new Document());
    ProjectionRebuild rebuild =
        new ProjectionRebuild(fixture.collections, fixture.protection, fixture.audit);
    assertThat(rebuild.rebuild(new TenantId(T), 1, 4)).isEqualTo(4);
    assertThat(rebuild.rebuild(new TenantId(T), 10, 4)).as("resumed where it stopped").isEqualTo(6);
    assertThat(rebuild.rebuild(new TenantId(T), 10, 4)).isZero();
    assertThat(facts(T).stream().map(AnalyticsTest::comparable).sorted().toList())
        .isEqualTo(before);
    AnalyticsFacts.of(fixture.collections, new TenantId(T)).restartRebuild();
    assertThat(rebuild.rebuild(new TenantId(T), 10, 4)).isEqualTo(10);
    assertThat(facts(T).stream().map(AnalyticsTest::comparable).sorted().toList())
        .as("running again changes nothing")
        .isEqualTo(before);
  }

  static String comparable(Document fact) {
    Document copy = new Document(fact);
    copy.remove("_id");
    return copy.toJson();
  }

  List<String> canaries() {
    List<String> canaries = new ArrayList<>(texts);
    canaries.add("CanaryDisplay");
    canaries.add("Canary Lane");
    canaries.add("62704");
    for (Patient p : patients) {
      PatientData d = p.data();
      canaries.addAll(
          List.of(
              p.id().value(),
              d.mrn().value(),
              d.givenName(),
              d.familyName(),
              d.birthDate().toString(),
              d.ssn(),
              d.memberId(),
              d.phone(),
              d.email()));
    }
    return canaries;
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
