package org.phirecords.internal.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.AuditUnavailableException;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.error.VersionConflictException;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.security.Permission;
import org.phirecords.security.Role;

class MongoPatientDirectoryTest {
  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();

  @AfterEach
  void close() {
    fixture.close();
  }

  private List<Document> auditEvents() {
    List<Document> events = new ArrayList<>();
    fixture.collections.auditLog().find().into(events);
    return events;
  }

  @Test
  void createReadUpdateFindByMrnEachAudited() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    PatientData data = People.synthetic();
    Patient created = directory.create(data);
    assertThat(directory.get(created.id()).data().familyName()).isEqualTo(data.familyName());
    assertThat(directory.findByMrn(data.mrn()).id()).isEqualTo(created.id());

    Patient updated = directory.update(created.id(), 1, People.synthetic());
    assertThat(updated.version()).isEqualTo(2);
    assertThatThrownBy(() -> directory.update(created.id(), 1, People.synthetic()))
        .isInstanceOf(VersionConflictException.class);

    assertThat(auditEvents())
        .extracting(d -> d.getString("operation") + ":" + d.getString("outcome"))
        .containsExactly(
            "PatientDirectory.create:INTENDED",
            "PatientDirectory.create:SUCCESS",
            "PatientDirectory.get:SUCCESS",
            "PatientDirectory.findByMrn:SUCCESS",
            "PatientDirectory.update:INTENDED",
            "PatientDirectory.update:SUCCESS",
            "PatientDirectory.update:INTENDED",
            "PatientDirectory.update:CONFLICT");
    // Every write's outcome names the intent recorded before it; no intent is left open.
    List<Document> events = auditEvents();
    assertThat(events.get(1).getString("intentId")).isEqualTo(events.get(0).getString("intentId"));
    assertThat(fixture.collections.auditIntents().countDocuments()).isZero();
  }

  @Test
  void auditEventsHoldNoPhiValues() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    PatientData data = People.synthetic();
    Patient created = directory.create(data);
    directory.findByMrn(data.mrn());
    directory.get(created.id());
    String all = auditEvents().toString();
    assertThat(all)
        .doesNotContain(data.mrn().value())
        .doesNotContain(data.familyName())
        .doesNotContain(data.givenName())
        .doesNotContain(data.ssn())
        .doesNotContain(data.birthDate().toString())
        .contains(created.id().value());
  }

  @Test
  void anotherTenantGetsNotFoundForEveryOperationAndCannotChangeAnything() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    PatientData data = People.synthetic();
    Patient created = directory.create(data);

    fixture.actAs(StoreFixture.staff("tenant-b", Role.PHYSICIAN));
    assertThatThrownBy(() -> directory.get(created.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> directory.findByMrn(data.mrn())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> directory.update(created.id(), 1, People.synthetic()))
        .isInstanceOf(NotFoundException.class);
    // The same MRN in another tenant is another patient, not a duplicate.
    assertThat(directory.create(data).id()).isNotEqualTo(created.id());

    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    assertThat(directory.get(created.id()).version()).isEqualTo(1);
  }

  @Test
  void duplicateMrnInOneTenantIsRefused() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    PatientData data = People.synthetic();
    directory.create(data);
    assertThatThrownBy(() -> directory.create(data))
        .isInstanceOf(RecordsException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.DUPLICATE);
    assertThat(
            fixture
                .collections
                .forCaller(
                    StoredCollection.PATIENTS,
                    StoreFixture.staff("tenant-a", Role.PHYSICIAN),
                    Permission.PATIENT_READ)
                .count(new Document()))
        .isEqualTo(1);
  }

  @Test
  void patientUserSeesOwnRecordOnly() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Patient own = directory.create(People.synthetic());
    Patient other = directory.create(People.synthetic());

    fixture.actAs(StoreFixture.patient("tenant-a", own.id()));
    assertThat(directory.get(own.id()).id()).isEqualTo(own.id());
    assertThatThrownBy(() -> directory.get(other.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void noPhiIsReturnedWhenTheAuditStoreIsDown() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Patient created = directory.create(People.synthetic());
    fixture.auditServer.shutdownNow();
    assertThatThrownBy(() -> directory.get(created.id()))
        .isInstanceOf(AuditUnavailableException.class);
  }

  @Test
  void aNameSearchComesInPagesAndItsCursorHoldsNoName() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    List<String> twins = new ArrayList<>();
    PatientData model = People.synthetic();
    for (int i = 0; i < 5; i++) {
      PatientData p = People.synthetic();
      twins.add(
          directory
              .create(
                  new PatientData(
                      p.mrn(),
                      p.givenName(),
                      model.familyName(),
                      model.birthDate(),
                      p.sex(),
                      p.ssn(),
                      p.memberId(),
                      p.address(),
                      p.phone(),
                      p.email()))
              .id()
              .value());
    }
    directory.create(People.synthetic());
    List<String> seen = new ArrayList<>();
    PageRequest request = PageRequest.first(2);
    Page<Patient> page;
    do {
      page = directory.findByNameAndBirthDate(model.familyName(), model.birthDate(), request);
      page.items().forEach(p -> seen.add(p.id().value()));
      if (page.hasMore()) {
        assertThat(page.items()).hasSize(2);
        String cursor =
            new String(
                java.util.Base64.getUrlDecoder().decode(page.nextCursor()),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(cursor)
            .doesNotContain(model.familyName())
            .doesNotContain(model.birthDate().toString());
        request = request.next(page);
      }
    } while (page.hasMore());
    assertThat(seen).containsExactlyElementsOf(twins.stream().sorted().toList());
    assertThatThrownBy(
            () ->
                directory.findByNameAndBirthDate(
                    model.familyName(), model.birthDate(), new PageRequest("%%", 2)))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_CURSOR);
  }
}
