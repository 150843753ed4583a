package org.phirecords.internal.audit.alerts;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.UpdateOptions;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.AdditionalAnswers;
import org.mockito.ArgumentCaptor;
import org.phirecords.audit.AnomalyDetected;
import org.phirecords.audit.AnomalyDetected.Kind;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditEvent;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;

class AnomalyAlertsTest {
  private final StoreFixture fixture = new StoreFixture();
  private final Caller nosy = StoreFixture.staff("tenant-a", Role.PHYSICIAN);

  @SuppressWarnings("unchecked")
  private final Event<AnomalyDetected> fired = mock(Event.class);

  @SuppressWarnings("unchecked")
  private AnomalyAlerts alerts(MapConfig config) {
    Instance<MetricRegistry> none = mock(Instance.class);
    when(none.isResolvable()).thenReturn(false);
    return new AnomalyAlerts(
        fixture.collections, fixture.audit, fired, none, new RecordsConfig(config));
  }

  /** Every CDI event fired so far. */
  private List<AnomalyDetected> firedEvents() {
    ArgumentCaptor<AnomalyDetected> captor = ArgumentCaptor.forClass(AnomalyDetected.class);
    verify(fired, atLeast(0)).fireAsync(captor.capture());
    verify(fired, never()).fire(any());
    return captor.getAllValues();
  }

  /** Log lines of the alerts, captured to check that they hold no PHI. */
  private final List<String> logLines = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final java.util.logging.Handler logCapture =
      new java.util.logging.Handler() {
        @Override
        public void publish(java.util.logging.LogRecord record) {
          logLines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLog() {
    java.util.logging.Logger.getLogger(AnomalyAlerts.class.getName()).addHandler(logCapture);
  }

  @AfterEach
  void releaseLog() {
    java.util.logging.Logger.getLogger(AnomalyAlerts.class.getName()).removeHandler(logCapture);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private AuditEvent read(String patient) {
    return fixture.audit.record(
        nosy,
        AuditAction.READ,
        ResourceType.PATIENT,
        patient,
        patient,
        AuditOutcome.SUCCESS,
        "PatientDirectory.get",
        1);
  }

  @Test
  void theCdiEventIsFiredOnceJustAboveTheThresholdWithTheKindAndNoPhi() {
    AnomalyAlerts alerts = alerts(new MapConfig().with("records.alerts.distinct-patients", "3"));
    List<String> patients = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      patients.add(PatientId.random().value());
    }
    for (int i = 0; i < 3; i++) {
      alerts.evaluate(read(patients.get(i)));
    }
    alerts.evaluate(read(patients.get(0)));
    assertThat(firedEvents()).as("at the threshold (3 distinct patients): no event").isEmpty();

    java.time.Instant before = java.time.Instant.now();
    alerts.evaluate(read(patients.get(3)));
    assertThat(firedEvents())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(Kind.MANY_PATIENTS);
              assertThat(a.tenant()).isEqualTo("tenant-a");
              assertThat(a.subject()).isEqualTo(nosy.subject());
              assertThat(a.observed()).isEqualTo(4);
              assertThat(a.threshold()).isEqualTo(3);
              assertThat(a.at()).isBetween(before, java.time.Instant.now());
            });

    alerts.evaluate(read(patients.get(4)));
    assertThat(firedEvents()).as("once per window").hasSize(1);

    // No PHI: not even the opaque ids of the patients read, in the event, its log line or its
    // audit event.
    String everything =
        firedEvents()
            + "\n"
            + String.join("\n", logLines)
            + "\n"
            + fixture
                .collections
                .auditLog()
                .find(new Document("operation", "AnomalyAlert.MANY_PATIENTS"))
                .into(new java.util.ArrayList<>());
    assertThat(logLines).anyMatch(l -> l.contains("MANY_PATIENTS"));
    for (String patient : patients) {
      assertThat(everything).doesNotContain(patient);
    }
  }

  private AuditEvent readAt(String patient, java.time.Instant at) {
    return new AuditEvent(
        java.util.UUID.randomUUID().toString(),
        at,
        "tenant-a",
        nosy.subject(),
        nosy.roles(),
        AuditAction.READ,
        ResourceType.PATIENT,
        patient,
        patient,
        AuditOutcome.SUCCESS,
        nosy.purposeOfUse(),
        "127.0.0.1",
        "PatientDirectory.get",
        1);
  }

  @Test
  void readsOlderThanTheWindowNoLongerCountAndAreForgotten() {
    AnomalyAlerts alerts =
        alerts(
            new MapConfig()
                .with("records.alerts.distinct-patients", "2")
                .with("records.alerts.window-minutes", "10"));
    java.time.Instant now = java.time.Instant.now();
    java.time.Instant earlier = now.minus(java.time.Duration.ofMinutes(30));
    assertThat(alerts.evaluate(readAt("old-1", earlier))).isEmpty();
    assertThat(alerts.evaluate(readAt("old-2", earlier))).isEmpty();
    // Two more in the window: the old ones fell out of it, so two distinct, at the threshold.
    assertThat(alerts.evaluate(readAt("new-1", now))).isEmpty();
    assertThat(alerts.evaluate(readAt("new-2", now))).isEmpty();
    Document activity =
        fixture.collections.auditActivity().find(new Document("tenantId", "tenant-a")).first();
    assertThat(activity.get("patients", Document.class).keySet())
        .containsExactlyInAnyOrder("new-1", "new-2");
    assertThat(alerts.evaluate(readAt("new-3", now)))
        .singleElement()
        .satisfies(a -> assertThat(a.observed()).isEqualTo(3));
  }

  @Test
  void theDenialEventIsFiredAboveTheThresholdAndNotAtIt() {
    AnomalyAlerts alerts = alerts(new MapConfig().with("records.alerts.denials", "2"));
    for (int i = 0; i < 3; i++) {
      alerts.evaluate(
          fixture.audit.record(
              nosy,
              AuditAction.READ,
              ResourceType.CLINICAL_ENTRY,
              null,
              null,
              AuditOutcome.DENIED,
              "ClinicalRecords.entries",
              0));
      if (i < 2) {
        assertThat(firedEvents()).as("after %d denials", i + 1).isEmpty();
      }
    }
    assertThat(firedEvents())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(Kind.REPEATED_DENIALS);
              assertThat(a.observed()).isEqualTo(3);
              assertThat(a.threshold()).isEqualTo(2);
              assertThat(a.subject()).isEqualTo(nosy.subject());
            });
  }

  @Test
  @SuppressWarnings("unchecked")
  void aTenantsChangedThresholdAppliesWithinTheReusePeriodNotPerEvent() throws Exception {
    Instance<MetricRegistry> none = mock(Instance.class);
    when(none.isResolvable()).thenReturn(false);
    Duration reused = Duration.ofMillis(400);
    AnomalyAlerts alerts =
        new AnomalyAlerts(
            fixture.collections,
            fixture.audit,
            fired,
            none,
            new RecordsConfig(new MapConfig()),
            reused);
    tenantThreshold(100);
    for (int i = 0; i < 4; i++) {
      assertThat(alerts.evaluate(read("p" + i))).isEmpty();
    }
    tenantThreshold(2);
    assertThat(alerts.evaluate(read("p4"))).as("thresholds read moments ago are reused").isEmpty();
    Thread.sleep(reused.toMillis() + 100);
    assertThat(alerts.evaluate(read("p5")))
        .singleElement()
        .satisfies(a -> assertThat(a.threshold()).isEqualTo(2));
  }

  private void tenantThreshold(int distinctPatients) {
    fixture
        .collections
        .tenantRegistry()
        .updateOne(
            eq("_id", "tenant-a"),
            combine(
                set("alerts", new Document("distinctPatients", distinctPatients)),
                setOnInsert("status", "ACTIVE")),
            new UpdateOptions().upsert(true));
  }

  @Test
  void readingMorePatientsThanTheThresholdAlertsOnceAndNotBelow() {
    AnomalyAlerts alerts = alerts(new MapConfig().with("records.alerts.distinct-patients", "5"));
    for (int i = 0; i < 5; i++) {
      assertThat(alerts.evaluate(read("p" + i))).isEmpty();
    }
    assertThat(alerts.evaluate(read("p0"))).as("re-reading is not a new patient").isEmpty();
    List<AnomalyDetected> raised = alerts.evaluate(read("p5"));
    assertThat(raised)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(Kind.MANY_PATIENTS);
              assertThat(a.observed()).isEqualTo(6);
              assertThat(a.subject()).isEqualTo(nosy.subject());
            });
    assertThat(alerts.evaluate(read("p6"))).as("once per window").isEmpty();
    assertThat(
            fixture
                .collections
                .auditLog()
                .countDocuments(new Document("operation", "AnomalyAlert.MANY_PATIENTS")))
        .isEqualTo(1);
  }

  @Test
  void aUserReadingThousandsOfPatientsKeepsASmallActivityDocumentAndOneAlert() {
    MapConfig config = new MapConfig().with("records.alerts.distinct-patients", "5");
    AnomalyAlerts alerts = alerts(config);
    AnomalyAlerts otherInstance = alerts(config);
    int raised = 0;
    for (int i = 0; i < 300; i++) {
      raised += (i % 2 == 0 ? alerts : otherInstance).evaluate(read("p" + i)).size();
    }
    assertThat(raised).as("one alert per window across instances").isEqualTo(1);
    Document activity =
        fixture.collections.auditActivity().find(new Document("tenantId", "tenant-a")).first();
    assertThat(activity.get("patients", Document.class).keySet())
        .as(
            "at most twice the threshold plus one (pruned to the 6 most recent when above), not"
                + " 300")
        .hasSizeLessThanOrEqualTo(2 * 6 + 1)
        .contains("p299");
    assertThat(firedEvents()).singleElement().satisfies(a -> assertThat(a.observed()).isEqualTo(6));
  }

  @Test
  void surplusRecentReadsAreDroppedInBulkNotOnEveryRead() {
    AnomalyAlerts alerts = alerts(new MapConfig().with("records.alerts.distinct-patients", "5"));
    java.time.Instant start = java.time.Instant.now().minusSeconds(60);
    for (int i = 1; i <= 12; i++) {
      alerts.evaluate(readAt("p" + i, start.plusSeconds(i)));
    }
    assertThat(patientsHeld())
        .as("up to twice the threshold plus one: no write to drop")
        .hasSize(12);
    alerts.evaluate(readAt("p13", start.plusSeconds(13)));
    assertThat(patientsHeld())
        .as("then the threshold plus one most recent")
        .containsExactlyInAnyOrder("p8", "p9", "p10", "p11", "p12", "p13");
  }

  /**
   * Alerts over activity whose first update waits until {@code release} (after {@code writing}
   * opens) and then fails if {@code firstFails}; {@code updates} counts the updates.
   */
  @SuppressWarnings("unchecked")
  private AnomalyAlerts alertsWithHeldFirstUpdate(
      CountDownLatch writing, CountDownLatch release, AtomicInteger updates, boolean firstFails) {
    MongoCollection<Document> real = fixture.collections.auditActivity();
    MongoCollection<Document> activity =
        mock(MongoCollection.class, AdditionalAnswers.delegatesTo(real));
    doAnswer(
            call -> {
              if (updates.incrementAndGet() == 1) {
                writing.countDown();
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                if (firstFails) {
                  throw new MongoException("store unreachable");
                }
              }
              return real.findOneAndUpdate(
                  call.<Bson>getArgument(0),
                  call.<Bson>getArgument(1),
                  call.<FindOneAndUpdateOptions>getArgument(2));
            })
        .when(activity)
        .findOneAndUpdate(any(Bson.class), any(Bson.class), any(FindOneAndUpdateOptions.class));
    TenantCollections collections = spy(fixture.collections);
    doReturn(activity).when(collections).auditActivity();
    Instance<MetricRegistry> none = mock(Instance.class);
    when(none.isResolvable()).thenReturn(false);
    return new AnomalyAlerts(
        collections,
        fixture.audit,
        fired,
        none,
        new RecordsConfig(new MapConfig().with("records.alerts.distinct-patients", "5")));
  }

  @Test
  void readsOfOneUserArrivingWhileItsActivityIsWrittenShareTheNextUpdate() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger updates = new AtomicInteger();
    AnomalyAlerts alerts = alertsWithHeldFirstUpdate(writing, release, updates, false);
    ExecutorService observer = Executors.newSingleThreadExecutor();
    try {
      AuditEvent first = read("p0");
      Future<List<AnomalyDetected>> firstRaised = observer.submit(() -> alerts.evaluate(first));
      assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 1; i < 10; i++) {
        assertThat(alerts.evaluate(read("p" + i)))
            .as("left to the thread writing this user's activity")
            .isEmpty();
      }
      release.countDown();
      List<AnomalyDetected> raised = firstRaised.get(10, TimeUnit.SECONDS);

      assertThat(updates).as("p0's update, then one for the nine queued meanwhile").hasValue(2);
      assertThat(patientsHeld()).hasSize(10);
      assertThat(raised)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.kind()).isEqualTo(Kind.MANY_PATIENTS);
                assertThat(a.observed()).isEqualTo(10);
              });
      assertThat(firedEvents()).hasSize(1);
    } finally {
      observer.shutdownNow();
    }
  }

  @Test
  void aFailedUpdateDoesNotStrandTheReadsQueuedBehindIt() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger updates = new AtomicInteger();
    AnomalyAlerts alerts = alertsWithHeldFirstUpdate(writing, release, updates, true);
    ExecutorService observer = Executors.newSingleThreadExecutor();
    try {
      AuditEvent first = read("p0");
      Future<List<AnomalyDetected>> firstRaised = observer.submit(() -> alerts.evaluate(first));
      assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 1; i < 4; i++) {
        assertThat(alerts.evaluate(read("p" + i))).isEmpty();
      }
      release.countDown();

      assertThatThrownBy(() -> firstRaised.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(MongoException.class);
      assertThat(updates).as("the failed one, then the queued reads' own").hasValue(2);
      assertThat(patientsHeld()).containsExactlyInAnyOrder("p1", "p2", "p3");
    } finally {
      observer.shutdownNow();
    }
  }

  private java.util.Set<String> patientsHeld() {
    return fixture
        .collections
        .auditActivity()
        .find(new Document("tenantId", "tenant-a"))
        .first()
        .get("patients", Document.class)
        .keySet();
  }

  @Test
  void repeatedDenialsAlertAboveTheTenantsOwnThreshold() {
    fixture
        .collections
        .tenantRegistry()
        .insertOne(
            new Document("_id", "tenant-a")
                .append("status", "ACTIVE")
                .append("alerts", new Document("denials", 2)));
    AnomalyAlerts alerts = alerts(new MapConfig());
    List<AnomalyDetected> raised = List.of();
    for (int i = 0; i < 3; i++) {
      raised =
          alerts.evaluate(
              fixture.audit.record(
                  nosy,
                  AuditAction.READ,
                  ResourceType.BILLING_SUMMARY,
                  null,
                  null,
                  AuditOutcome.DENIED,
                  "BillingRecords.summary",
                  0));
      if (i < 2) {
        assertThat(raised).isEmpty();
      }
    }
    assertThat(raised).extracting(AnomalyDetected::kind).containsExactly(Kind.REPEATED_DENIALS);
  }

  @Test
  void aSystemClientReadingManyPatientsAfterHoursRaisesNothingButItsDenialsStillAlert() {
    java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0);
    AnomalyAlerts alerts =
        alerts(
            new MapConfig()
                .with("records.alerts.distinct-patients", "3")
                .with("records.alerts.denials", "2")
                .with("records.alerts.working-hours", now.plusHours(1) + "-" + now.plusHours(2)));
    org.phirecords.security.Caller exporter =
        new org.phirecords.security.Caller(
            "bulk-export-client",
            nosy.tenant(),
            java.util.Set.of(org.phirecords.security.Role.SYSTEM),
            java.util.Optional.empty(),
            org.phirecords.security.PurposeOfUse.OPERATIONS,
            "127.0.0.1");
    List<AnomalyDetected> raised = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String patient = PatientId.random().value();
      raised.addAll(
          alerts.evaluate(
              fixture.audit.record(
                  exporter,
                  AuditAction.EXPORT,
                  ResourceType.PATIENT,
                  patient,
                  patient,
                  AuditOutcome.SUCCESS,
                  "BulkExport.run",
                  1)));
    }
    assertThat(raised).as("an export's reads, at any hour, are the client's job").isEmpty();
    for (int i = 0; i < 3; i++) {
      raised.addAll(
          alerts.evaluate(
              fixture.audit.record(
                  exporter,
                  AuditAction.CREATE,
                  ResourceType.PATIENT,
                  null,
                  null,
                  AuditOutcome.DENIED,
                  "PatientDirectory.create",
                  0)));
    }
    assertThat(raised).extracting(AnomalyDetected::kind).containsExactly(Kind.REPEATED_DENIALS);
    // A person's reads are still judged by number and hour.
    assertThat(alerts.evaluate(read("p1")))
        .extracting(AnomalyDetected::kind)
        .containsExactly(Kind.AFTER_HOURS);
  }

  @Test
  void accessOutsideWorkingHoursAlerts() {
    java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0);
    AnomalyAlerts closedNow =
        alerts(
            new MapConfig()
                .with("records.alerts.working-hours", now.plusHours(1) + "-" + now.plusHours(2)));
    assertThat(closedNow.evaluate(read("p1")))
        .extracting(AnomalyDetected::kind)
        .containsExactly(Kind.AFTER_HOURS);
    AnomalyAlerts openNow =
        alerts(
            new MapConfig()
                .with("records.alerts.working-hours", now.minusHours(1) + "-" + now.plusHours(1)));
    assertThat(openNow.evaluate(read("p2"))).isEmpty();
  }

  @Test
  void namingAnotherTenantsRecordAlertsWithoutTellingTheCaller() {
    String foreign = PatientId.random().value();
    fixture
        .collections
        .forMaintenance(StoredCollection.PATIENTS, new TenantId("tenant-b"))
        .insertOne(new Document("patientId", foreign).append("mrn", "b1"));
    AnomalyAlerts alerts = alerts(new MapConfig());
    AuditEvent probe =
        fixture.audit.record(
            nosy,
            AuditAction.READ,
            ResourceType.PATIENT,
            foreign,
            foreign,
            AuditOutcome.NOT_FOUND,
            "PatientDirectory.get",
            0);
    assertThat(alerts.evaluate(probe))
        .extracting(AnomalyDetected::kind)
        .containsExactly(Kind.CROSS_TENANT_ATTEMPT);
    AuditEvent missing =
        fixture.audit.record(
            nosy,
            AuditAction.READ,
            ResourceType.PATIENT,
            "nope",
            "nope",
            AuditOutcome.NOT_FOUND,
            "PatientDirectory.get",
            0);
    assertThat(alerts.evaluate(missing)).isEmpty();
  }

  @Test
  void heldCountsSurviveToTheFlushWhichWritesOncePerUserAndStillRaisesTheAlert() {
    AtomicInteger updates = new AtomicInteger();
    AnomalyAlerts alerts =
        alertsWithHeldFirstUpdate(new CountDownLatch(1), new CountDownLatch(0), updates, false)
            .holdingCounts();
    Caller other = StoreFixture.staffNamed("user-other", "tenant-a", Role.PHYSICIAN);
    for (int i = 0; i < 7; i++) {
      assertThat(alerts.evaluate(read("p" + i))).isEmpty();
    }
    alerts.evaluate(
        fixture.audit.record(
            other,
            AuditAction.READ,
            ResourceType.PATIENT,
            "q0",
            "q0",
            AuditOutcome.SUCCESS,
            "PatientDirectory.get",
            1));
    assertThat(updates).as("held in memory until the flush").hasValue(0);
    assertThat(fixture.collections.auditActivity().countDocuments()).isZero();
    assertThat(firedEvents()).isEmpty();

    List<AnomalyDetected> raised = alerts.flush();
    assertThat(updates).as("one update per user for the whole interval").hasValue(2);
    assertThat(
            fixture
                .collections
                .auditActivity()
                .find(new Document("_id", "tenant-a|" + nosy.subject()))
                .first()
                .get("patients", Document.class))
        .hasSize(7);
    assertThat(raised)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(Kind.MANY_PATIENTS);
              assertThat(a.subject()).isEqualTo(nosy.subject());
              assertThat(a.observed()).isEqualTo(7);
              assertThat(a.threshold()).isEqualTo(5);
            });
    assertThat(firedEvents()).hasSize(1);
    assertThat(alerts.flush()).as("nothing is written twice").isEmpty();
    assertThat(updates).hasValue(2);
  }
}
