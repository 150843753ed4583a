package org.phirecords.internal.patient;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import jakarta.enterprise.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.integration.IntegrationEvent;
import org.phirecords.integration.IntegrationEventType;
import org.phirecords.internal.audit.trail.AuditReconciler;
import org.phirecords.internal.audit.trail.IntegrationParts;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.integration.MongoIntegrationEvents;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.PatientId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.security.Role;

/**
 * Integration events of writes a crash interrupted (ADR 35): the reconciler concludes them with
 * their declared event, exactly once; the chain covers the events; embedders hear of them by CDI.
 */
class IntegrationEventsAfterACrashTest {
  private static final String TENANT = "tenant-a";

  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoIntegrationEvents stream =
      fixture.intercepted(new MongoIntegrationEvents(fixture.operations, fixture.collections));
  private final AuditReconciler reconciler =
      new AuditReconciler(fixture.collections, fixture.audit);

  @AfterEach
  void close() {
    fixture.close();
  }

  /** A directory whose create dies after the insert and before its outcome is recorded. */
  static class DyingCreate extends MongoPatientDirectory {
    private final StoreFixture fixture;
    static WriteIntent intent; // the interceptor's proxy is another instance: kept here
    static Document seal;

    DyingCreate(StoreFixture fixture) {
      super(fixture.operations, fixture.protection);
      this.fixture = fixture;
    }

    @Override
    @RequiresPermission(Permission.PATIENT_CREATE)
    public Patient create(PatientData data) {
      PatientRepository patients =
          new PatientRepository(fixture.operations.current(), fixture.protection);
      PatientId id = PatientId.random();
      Document sealed = patients.sealed(id, data, Instant.now());
      intent = patients.announce(id, 1L, IntegrationEventType.PATIENT_REGISTERED, null);
      seal = patients.insert(sealed, intent);
      return new Patient(id, data, 1L, Instant.now()); // ...and the process dies here
    }
  }

  private List<IntegrationEvent> events() {
    fixture.actAs(StoreFixture.staff(TENANT, Role.TENANT_ADMIN));
    List<IntegrationEvent> events = stream.after(null, 500).events();
    fixture.actAs(StoreFixture.staff(TENANT, Role.PHYSICIAN));
    return events;
  }

  @Test
  void theReconcilerConcludesAnInterruptedWriteWithItsEventOnce() throws InterruptedException {
    fixture.actAs(StoreFixture.staff(TENANT, Role.PHYSICIAN));
    DyingCreate dying = new DyingCreate(fixture);
    Patient lost = fixture.intercepted(dying).create(People.synthetic());
    assertThat(events()).as("not visible before its outcome is durable").isEmpty();
    Thread.sleep(5);

    assertThat(reconciler.reconcile(Duration.ZERO)).isEqualTo(new AuditReconciler.Result(1, 0));
    assertThat(reconciler.reconcile(Duration.ZERO)).isEqualTo(new AuditReconciler.Result(0, 0));
    assertThat(events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(IntegrationEventType.PATIENT_REGISTERED);
              assertThat(e.patientId()).isEqualTo(lost.id().value());
              assertThat(e.version()).isEqualTo(1L);
            });
  }

  @Test
  void anOutcomeRecordedBeforeTheCrashIsNotPublishedTwice() throws InterruptedException {
    fixture.actAs(StoreFixture.staff(TENANT, Role.PHYSICIAN));
    DyingCreate dying = new DyingCreate(fixture);
    fixture.intercepted(dying).create(People.synthetic());
    Document open =
        fixture.collections.auditIntents().find(eq("_id", DyingCreate.intent.id())).first();
    fixture.audit.conclude(DyingCreate.intent, AuditOutcome.SUCCESS, 1, DyingCreate.seal);
    fixture.collections.auditIntents().insertOne(open); // as if closing it had failed
    Thread.sleep(5);

    reconciler.reconcile(Duration.ZERO);
    assertThat(events()).hasSize(1);
  }

  @Test
  void aBatchInterruptedBeforeItsOutcomePublishesEachEntryStoredOnce() throws InterruptedException {
    fixture.actAs(StoreFixture.staff(TENANT, Role.PHYSICIAN));
    PatientData existing = People.synthetic();
    directory.create(existing);
    MongoPatientDirectory dying =
        fixture.intercepted(new PatientBatchesTest.DyingDirectory(fixture));
    List<PatientId> ids =
        dying.createAll(List.of(People.synthetic(), existing, People.synthetic())).created();
    assertThat(events()).hasSize(1);
    Thread.sleep(5);

    reconciler.reconcile(Duration.ZERO);
    reconciler.reconcile(Duration.ZERO);
    assertThat(events())
        .extracting(IntegrationEvent::patientId)
        .hasSize(3)
        .endsWith(ids.get(0).value(), ids.get(2).value());
  }

  @Test
  void theChainCoversTheEventsAndOldLinksStillVerify() {
    fixture.actAs(StoreFixture.staff(TENANT, Role.PHYSICIAN));
    Patient p = directory.create(People.synthetic());
    directory.get(p.id());
    assertThat(fixture.audit.verifier().verify(TENANT, null, null).valid()).isTrue();

    fixture
        .collections
        .auditLog()
        .updateOne(
            eq(IntegrationParts.FIELD + ".patientId", p.id().value()),
            new Document("$set", new Document(IntegrationParts.FIELD + ".version", 2L)));
    assertThat(fixture.audit.verifier().verify(TENANT, null, null).valid())
        .as("an altered event is reported")
        .isFalse();
  }

  @Test
  @SuppressWarnings("unchecked")
  void embeddersObserveEachEventOnceItIsDurable() {
    Event<IntegrationEvent> observers = mock(Event.class);
    fixture.audit.fireIntegrationEvents(observers);
    fixture.actAs(StoreFixture.staff(TENANT, Role.PHYSICIAN));
    Patient p = directory.create(People.synthetic());
    directory.update(p.id(), 1, People.synthetic());
    directory.get(p.id());

    ArgumentCaptor<IntegrationEvent> fired = ArgumentCaptor.forClass(IntegrationEvent.class);
    verify(observers, org.mockito.Mockito.times(2)).fire(fired.capture());
    verify(observers, timeout(2000).times(2)).fireAsync(any(), any());
    assertThat(fired.getAllValues())
        .extracting(IntegrationEvent::type)
        .containsExactly(
            IntegrationEventType.PATIENT_REGISTERED, IntegrationEventType.PATIENT_UPDATED);
    assertThat(fired.getAllValues()).isEqualTo(events());
    List<Document> stored = new ArrayList<>();
    fixture.collections.auditLog().find(eq("tenantId", TENANT)).into(stored);
    assertThat(stored).anyMatch(d -> d.containsKey(IntegrationParts.FIELD));
  }
}
