package org.phirecords.internal.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.ArgumentMatchers;
import org.mockito.Mockito;
import org.phirecords.audit.AuditEvent;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
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
import org.phirecords.model.Membership;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationKind;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientMerge;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/**
 * Merges, their undo and membership changes reach the analytics projection once their audit events
 * are stored (ADR 45), without a rebuild.
 */
class AnalyticsRefreshTest {
  static final TenantId T = new TenantId("analytics-refresh");

  final StoreFixture fixture = new StoreFixture();
  final MongoPatientDirectory directory = fixture.directory();
  final MongoClinicalRecords clinical = fixture.clinical();
  final AnalyticsRefresh refresh =
      new AnalyticsRefresh(fixture.collections, fixture.protection, fixture.audit);

  @AfterEach
  void close() {
    fixture.close();
  }

  ClinicalEntry entry(Patient p) {
    return clinical.create(
        p.id(),
        new ClinicalData(
            EntryType.CONDITION,
            List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", null)),
            LocalDate.of(2025, 3, 17),
            "active",
            null,
            null));
  }

  Document fact(ClinicalEntry e) {
    return fixture
        .collections
        .forMaintenance(StoredCollection.ANALYTICS_FACTS, T)
        .findOne(new Document("f", e.id().value()), null, null)
        .orElseThrow();
  }

  String key(Patient p) {
    return fixture.audit.recordSeals().pseudonym(T, p.id().value());
  }

  /** Hands every stored audit event so far to the observer, as the container would. */
  @SuppressWarnings("unchecked")
  void eventsObserved() {
    ArgumentCaptor<AuditEvent> captor = ArgumentCaptor.forClass(AuditEvent.class);
    Mockito.verify(fixture.events, Mockito.atLeastOnce())
        .fireAsync(captor.capture(), ArgumentMatchers.any());
    captor.getAllValues().forEach(refresh::onStored);
  }

  @Test
  void aMergeCountsTheMergedEntriesUnderTheSurvivorAndItsUndoGivesThemBack() {
    fixture.actAs(StoreFixture.staff(T.value(), Role.PHYSICIAN));
    Patient survivor = directory.create(People.synthetic());
    Patient merged = directory.create(People.synthetic());
    entry(survivor);
    ClinicalEntry ofMerged = entry(merged);
    assertThat(fact(ofMerged).getString("k")).isEqualTo(key(merged));

    MongoPatientMerges merges =
        fixture.intercepted(
            new MongoPatientMerges(
                fixture.operations, fixture.protection, new RecordsConfig(new MapConfig())));
    PatientMerge merge = merges.merge(survivor.id(), 1, merged.id(), 1);
    eventsObserved();
    Document moved = fact(ofMerged);
    assertThat(moved.getString("k")).isEqualTo(key(survivor));
    assertThat(moved.get("g")).as("still counted").isNull();
    assertThat(moved.getString("x")).isEqualTo(FactValues.sex(survivor.data().sex()));

    merges.undo(survivor.id(), merge.id());
    eventsObserved();
    assertThat(fact(ofMerged).getString("k")).isEqualTo(key(merged));
  }

  @Test
  void aMembershipAddedOrEndedReachesThePatientsFactsAndThoseMergedIntoIt() {
    fixture.actAs(StoreFixture.staff(T.value(), Role.TENANT_ADMIN));
    fixture
        .intercepted(new MongoOrganisations(fixture.operations))
        .create(new OrganisationId("client-a"), "A", OrganisationKind.CLIENT, Optional.empty());
    fixture.actAs(StoreFixture.staff(T.value(), Role.PHYSICIAN));
    Patient survivor = directory.create(People.synthetic());
    Patient merged = directory.create(People.synthetic());
    ClinicalEntry own = entry(survivor);
    ClinicalEntry ofMerged = entry(merged);
    fixture
        .intercepted(
            new MongoPatientMerges(
                fixture.operations, fixture.protection, new RecordsConfig(new MapConfig())))
        .merge(survivor.id(), 1, merged.id(), 1);
    MongoMemberships members =
        fixture.intercepted(new MongoMemberships(fixture.operations, fixture.freeText));
    Membership m =
        members.add(
            survivor.id(),
            new OrganisationId("client-a"),
            Instant.now().minus(1, ChronoUnit.DAYS),
            Optional.empty(),
            Optional.empty());
    assertThat(fact(own).getList("o", String.class)).as("before its event").isEmpty();
    eventsObserved();
    assertThat(fact(own).getList("o", String.class)).containsExactly("client-a");
    assertThat(fact(ofMerged).getList("o", String.class)).containsExactly("client-a");

    members.end(survivor.id(), m.id(), Instant.now().minusSeconds(1));
    eventsObserved();
    assertThat(fact(own).getList("o", String.class)).isEmpty();
    assertThat(fact(ofMerged).getList("o", String.class)).isEmpty();
  }
}
