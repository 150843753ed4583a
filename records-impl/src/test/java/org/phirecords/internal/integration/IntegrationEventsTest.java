package org.phirecords.internal.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.AccessDeniedException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.error.VersionConflictException;
import org.phirecords.integration.IntegrationEvent;
import org.phirecords.integration.IntegrationEventPage;
import org.phirecords.internal.access.MongoPatientRights;
import org.phirecords.internal.audit.trail.AuditReconciler;
import org.phirecords.internal.audit.trail.IntegrationParts;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Amendment;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientBatch;
import org.phirecords.model.PatientData;
import org.phirecords.security.Role;

/** The integration event stream (ADR 35), through the real interceptor. */
class IntegrationEventsTest {
  private static final String A = "tenant-a";
  private static final String B = "tenant-b";

  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords clinical = fixture.clinical();
  private final MongoIntegrationEvents stream =
      fixture.intercepted(new MongoIntegrationEvents(fixture.operations, fixture.collections));

  @BeforeEach
  void registerTenant() {
    fixture.registerTenant(A, "Clinic A");
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private void asPhysician(String tenant) {
    fixture.actAs(StoreFixture.staff(tenant, Role.PHYSICIAN));
  }

  /** The whole stream of {@code tenant}, read {@code limit} at a time until a page is empty. */
  private List<IntegrationEvent> all(String tenant, int limit) {
    fixture.actAs(StoreFixture.staff(tenant, Role.TENANT_ADMIN));
    List<IntegrationEvent> events = new ArrayList<>();
    String position = null;
    while (true) {
      IntegrationEventPage page = stream.after(position, limit);
      if (page.events().isEmpty()) {
        return events;
      }
      events.addAll(page.events());
      position = page.next();
    }
  }

  private static String line(IntegrationEvent e) {
    return e.type().wireName() + " " + e.patientId() + " " + e.entryId() + " v" + e.version();
  }

  private static ClinicalData condition(String text) {
    return new ClinicalData(
        EntryType.CONDITION,
        List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", text)),
        LocalDate.of(2026, 3, 1),
        "active",
        null,
        text);
  }

  @Test
  void everyWritePathEmitsExactlyOneEventPerCommittedWriteInOrder() {
    asPhysician(A);
    PatientData first = People.synthetic();
    Patient p1 = directory.create(first);
    PatientData second = People.synthetic();
    Patient p1v2 = directory.update(p1.id(), 1, second);
    ClinicalEntry e1 = clinical.create(p1.id(), condition("CanaryText diabetes"));
    clinical.update(e1.id(), 1, condition("CanaryText diabetes type 2"));
    PatientBatch batch =
        directory.createAll(List.of(People.synthetic(), second, People.synthetic()));
    MongoPatientRights rights =
        fixture.rights(directory, clinical, Clock.fixed(Instant.now(), ZoneOffset.UTC));
    fixture.actAs(StoreFixture.patient(A, p1.id()));
    Amendment filed = rights.requestAmendment(p1.id(), e1.id(), "CanaryReason it is type 1");
    asPhysician(A);
    rights.accept(filed.id(), 2, condition("CanaryText diabetes type 1"));

    List<String> expected =
        List.of(
            "PatientRegistered " + p1.id().value() + " null v1",
            "PatientUpdated " + p1.id().value() + " null v" + p1v2.version(),
            "EntryRecorded " + p1.id().value() + " " + e1.id().value() + " v1",
            "EntryAmended " + p1.id().value() + " " + e1.id().value() + " v2",
            "PatientRegistered " + batch.entries().get(0).id().value() + " null v1",
            "PatientRegistered " + batch.entries().get(2).id().value() + " null v1",
            "EntryAmended " + p1.id().value() + " " + e1.id().value() + " v3");
    List<IntegrationEvent> events = all(A, org.phirecords.service.IntegrationEvents.MAX_LIMIT);
    assertThat(events).extracting(IntegrationEventsTest::line).containsExactlyElementsOf(expected);
    assertThat(all(A, 2)).as("paged, the same").isEqualTo(events);
    assertThat(all(A, 1)).isEqualTo(events);
    assertThat(events)
        .extracting(e -> Long.parseLong(e.position()))
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(events).allMatch(e -> e.tenant().equals(A));
  }

  /** The reads of the audit trail seen since the last reset, each with its read concern. */
  private List<String> trailReads() {
    return fixture.commands.on("audit_events").stream()
        .filter(c -> !c.writes())
        .map(c -> c.name() + " " + c.readConcern())
        .toList();
  }

  @Test
  void onlyTheEventCursorReadsMajorityCommittedEvents() {
    asPhysician(A);
    Patient p = directory.create(People.synthetic());
    clinical.create(p.id(), condition("Synthetic"));
    fixture.commands.reset();
    assertThat(all(A, 1)).hasSize(2);
    assertThatThrownBy(() -> stream.after("999", 10)).isInstanceOf(RecordsException.class);
    assertThat(trailReads()).isNotEmpty().allSatisfy(r -> assertThat(r).endsWith(" majority"));

    MongoPatientRights rights = fixture.rights(directory, clinical, Clock.systemUTC());
    fixture.actAs(StoreFixture.patient(A, p.id()));
    fixture.commands.reset();
    rights.accessHistory(p.id(), org.phirecords.model.PageRequest.first(10));
    assertThat(trailReads())
        .as("the access history reads the primary's latest")
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r).endsWith(" "));
  }

  @Test
  void refusedAndFailedWritesEmitNothing() {
    asPhysician(A);
    PatientData data = People.synthetic();
    Patient p = directory.create(data);
    ClinicalEntry e = clinical.create(p.id(), condition("CanaryText"));
    int before = all(A, 500).size();

    asPhysician(A);
    assertThatThrownBy(() -> directory.create(data)) // 409: duplicate MRN
        .isInstanceOf(RecordsException.class);
    assertThatThrownBy(() -> directory.update(p.id(), 7, People.synthetic()))
        .isInstanceOf(VersionConflictException.class);
    assertThatThrownBy(() -> clinical.update(e.id(), 5, condition("x")))
        .isInstanceOf(VersionConflictException.class);
    assertThatThrownBy(
            () -> directory.createAll(People.synthetic(PatientBatch.MAX_ENTRIES + 1))) // 413
        .isInstanceOf(RecordsException.class);
    assertThat(directory.createAll(List.of(data)).entries().get(0).outcome())
        .isEqualTo(PatientBatch.Outcome.ALREADY_PRESENT);
    fixture.actAs(StoreFixture.staff(A, Role.BILLING));
    assertThatThrownBy(() -> directory.create(People.synthetic()))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(all(A, 500)).hasSize(before);

    // The record store goes down: the write fails, and even once reconciled emits nothing.
    asPhysician(A);
    fixture.dataServer.shutdownNow();
    assertThatThrownBy(() -> directory.create(People.synthetic()))
        .isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> clinical.create(p.id(), condition("CanaryText")))
        .isInstanceOf(RuntimeException.class);
    new AuditReconciler(fixture.collections, fixture.audit).reconcile(Duration.ZERO);
    assertThat(
            fixture
                .collections
                .auditLog()
                .countDocuments(
                    new Document(IntegrationParts.FIELD, new Document("$exists", true))))
        .isEqualTo(before);
  }

  @Test
  void noPhiAndNoCallerIdentityInTheStream() {
    asPhysician(A);
    List<PatientData> people = People.synthetic(3);
    Patient p = directory.create(people.get(0));
    directory.update(p.id(), 1, people.get(1));
    directory.createAll(List.of(people.get(2)));
    ClinicalEntry e = clinical.create(p.id(), condition("CanaryText secret"));
    clinical.update(e.id(), 1, condition("CanaryText secret 2"));

    List<IntegrationEvent> events = all(A, 500);
    assertThat(events).hasSize(5);
    List<String> serialized = new ArrayList<>();
    events.forEach(ev -> serialized.add(ev.toString()));
    fixture
        .collections
        .auditLog()
        .find(new Document(IntegrationParts.FIELD, new Document("$exists", true)))
        .forEach(d -> serialized.add(d.get(IntegrationParts.FIELD, Document.class).toJson()));
    for (PatientData d : people) {
      for (String canary :
          List.of(d.mrn().value(), d.givenName(), d.familyName(), d.ssn(), d.memberId())) {
        assertThat(serialized).noneMatch(s -> s.contains(canary));
      }
    }
    assertThat(serialized)
        .noneMatch(s -> s.contains("Canary"))
        .noneMatch(s -> s.contains(StoreFixture.staff(A, Role.PHYSICIAN).subject()));
  }

  @Test
  void aTenantSeesOnlyItsOwnStreamAndPositionsOfAnotherAreRefused() {
    asPhysician(A);
    for (int i = 0; i < 3; i++) {
      directory.create(People.synthetic());
    }
    asPhysician(B);
    Patient b = directory.create(People.synthetic());
    List<IntegrationEvent> ofA = all(A, 500);
    List<IntegrationEvent> ofB = all(B, 500);
    assertThat(ofA).hasSize(3).allMatch(e -> e.tenant().equals(A));
    assertThat(ofB)
        .singleElement()
        .satisfies(e -> assertThat(e.patientId()).isEqualTo(b.id().value()));
    // A position of A's stream, beyond the end of B's, is not one B's stream gave.
    fixture.actAs(StoreFixture.staff(B, Role.TENANT_ADMIN));
    String aPosition = ofA.get(2).position();
    assertThatThrownBy(() -> stream.after(Long.toString(Long.parseLong(aPosition) + 50), 10))
        .extracting(x -> ((RecordsException) x).errorCode())
        .isEqualTo(ErrorCode.EVENT_POSITION_INVALID);
  }

  @Test
  void badPositionsAndLimitsAreRefusedAndOnlyTenantAdminsRead() {
    fixture.actAs(StoreFixture.staff(A, Role.TENANT_ADMIN));
    for (String bad : List.of("x", "-1", "01", "1e3", "99999")) {
      assertThatThrownBy(() -> stream.after(bad, 10))
          .as(bad)
          .extracting(x -> ((RecordsException) x).errorCode())
          .isEqualTo(ErrorCode.EVENT_POSITION_INVALID);
    }
    for (int limit : new int[] {0, -1, 501}) {
      assertThatThrownBy(() -> stream.after(null, limit))
          .extracting(x -> ((RecordsException) x).errorCode())
          .isEqualTo(ErrorCode.EVENT_LIMIT_INVALID);
    }
    // What a caller sends as a position is audited only once it is known to be one.
    assertThatThrownBy(() -> stream.after("CanaryGiven1 CanaryFamily1", 0))
        .isInstanceOf(RecordsException.class);
    assertThatThrownBy(() -> stream.after("CanaryGiven1 CanaryFamily1", 10))
        .isInstanceOf(RecordsException.class);
    assertThat(fixture.collections.auditLog().find().into(new ArrayList<>()))
        .isNotEmpty()
        .noneMatch(d -> d.toJson().contains("Canary"));
    for (Role role : List.of(Role.PHYSICIAN, Role.PRIVACY_OFFICER, Role.BILLING)) {
      fixture.actAs(StoreFixture.staff(A, role));
      assertThatThrownBy(() -> stream.after(null, 10)).isInstanceOf(AccessDeniedException.class);
    }
  }

  @Test
  void aPositionWhoseEventsWerePurgedIsGone() {
    asPhysician(A);
    directory.create(People.synthetic());
    directory.create(People.synthetic());
    List<IntegrationEvent> events = all(A, 500);
    long cut = Long.parseLong(events.get(0).position());
    // As the retention purge leaves it: an anchor where the chain now starts, events before gone.
    fixture.collections.auditAnchors().insertOne(new Document("_id", A).append("seq", cut));
    fixture.collections.purgeAuditEvents(A, cut);
    fixture.actAs(StoreFixture.staff(A, Role.TENANT_ADMIN));
    assertThatThrownBy(() -> stream.after("1", 10))
        .extracting(x -> ((RecordsException) x).errorCode())
        .isEqualTo(ErrorCode.EVENT_POSITION_PURGED);
    assertThat(stream.after(Long.toString(cut), 10).events())
        .extracting(IntegrationEvent::position)
        .containsExactly(events.get(1).position());
  }
}
