package org.phirecords.internal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.amendment.AmendmentRequests;
import org.phirecords.internal.clinical.MongoClinicalRecords;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.AccessRecord;
import org.phirecords.model.Amendment;
import org.phirecords.model.AmendmentStatus;
import org.phirecords.model.ClinicalData;
import org.phirecords.model.ClinicalEntry;
import org.phirecords.model.Code;
import org.phirecords.model.EntryType;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.security.Role;

/**
 * The patient's lists (access history, amendment requests) and a patient's entries and versions are
 * read in pages: every item once, the last page says no more, and cursors that are malformed or of
 * another list or patient are refused. Amendment requests awaiting a decision are capped.
 */
class PagedRightsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final PageRequest ALL = PageRequest.first(PageRequest.MAX_LIMIT);

  private final StoreFixture fixture = new StoreFixture();
  private final MongoPatientDirectory directory = fixture.directory();
  private final MongoClinicalRecords clinical = fixture.clinical();
  private final MongoPatientRights rights = fixture.rights(NOW);
  private Patient patient;
  private Patient other;
  private ClinicalEntry entry;

  @BeforeEach
  void record() {
    fixture.registerTenant("tenant-a", "Clinic A");
    asPhysician();
    patient = directory.create(People.synthetic());
    other = directory.create(People.synthetic());
    entry = clinical.create(patient.id(), data(LocalDate.of(2026, 3, 1), "first"));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private static ClinicalData data(LocalDate effective, String text) {
    return new ClinicalData(
        EntryType.CONDITION,
        List.of(new Code("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", "Diabetes")),
        effective,
        "active",
        null,
        text);
  }

  private void asPhysician() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
  }

  private void asPatient(Patient p) {
    fixture.actAs(StoreFixture.patient("tenant-a", p.id()));
  }

  /** Every page of a list of {@code limit} items, asserting that only the last says no more. */
  private static <T> List<T> allPages(Function<PageRequest, Page<T>> list, int limit) {
    List<T> all = new ArrayList<>();
    PageRequest request = PageRequest.first(limit);
    for (int pages = 1; ; pages++) {
      assertThat(pages).as("paging ends").isLessThan(100);
      Page<T> page = list.apply(request);
      all.addAll(page.items());
      if (!page.hasMore()) {
        assertThat(page.items()).hasSizeLessThanOrEqualTo(limit);
        return all;
      }
      assertThat(page.items()).as("a page that says more is full").hasSize(limit);
      request = request.next(page);
    }
  }

  private static void assertRefusedCursor(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(RecordsException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_CURSOR);
  }

  /** The cursor with its position replaced: a forgery that keeps the binding. */
  private static String withPosition(String cursor, String position) {
    String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    String forged = text.substring(0, text.lastIndexOf('.') + 1) + position;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(forged.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void accessHistoryComesInPagesNewestFirstEveryAccessOnce() {
    for (int i = 0; i < 7; i++) {
      directory.get(patient.id());
    }
    asPatient(patient);
    List<AccessRecord> whole = rights.accessHistory(patient.id(), ALL).items();
    assertThat(whole).hasSizeGreaterThan(7);
    assertThat(whole).isSortedAccordingTo((a, b) -> b.at().compareTo(a.at()));
    for (int limit : List.of(1, 2, 3, 50)) {
      assertThat(allPages(p -> rights.accessHistory(patient.id(), p), limit))
          .as("limit %d", limit)
          .isEqualTo(whole);
    }
    Page<AccessRecord> first = rights.accessHistory(patient.id(), PageRequest.first(2));
    assertThat(first.hasMore()).isTrue();
    assertThat(first.nextCursor())
        .as("opaque: neither a chain position nor the patient in clear")
        .doesNotContainPattern("^[0-9]+$")
        .doesNotContain(patient.id().value());

    assertRefusedCursor(() -> rights.accessHistory(patient.id(), new PageRequest("!!", 2)));
    assertRefusedCursor(() -> rights.accessHistory(patient.id(), new PageRequest("bm90IG9uZQ", 2)));
    // Another list's cursor, and another patient's, are refused; so is a digest with a new list.
    asPhysician();
    clinical.create(patient.id(), data(LocalDate.of(2026, 1, 1), "second"));
    String entriesCursor = clinical.listByPatient(patient.id(), PageRequest.first(1)).nextCursor();
    assertThat(entriesCursor).isNotNull();
    asPatient(patient);
    assertRefusedCursor(
        () -> rights.accessHistory(patient.id(), new PageRequest(entriesCursor, 2)));
    asPatient(other);
    assertRefusedCursor(
        () -> rights.accessHistory(other.id(), new PageRequest(first.nextCursor(), 2)));
  }

  @Test
  void amendmentRequestsComeInPagesNewestFirstAndTiesKeepTheirPlace() {
    asPatient(patient);
    List<String> filed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      filed.add(rights.requestAmendment(patient.id(), entry.id(), "Reason " + i).id().value());
    }
    // The fixed clock gives every request the same time: the id breaks the tie.
    List<Amendment> whole = rights.amendments(patient.id(), ALL).items();
    assertThat(whole).extracting(a -> a.id().value()).containsExactlyInAnyOrderElementsOf(filed);
    for (int limit : List.of(1, 2, 4)) {
      assertThat(allPages(p -> rights.amendments(patient.id(), p), limit))
          .as("limit %d", limit)
          .isEqualTo(whole);
    }
    Page<Amendment> first = rights.amendments(patient.id(), PageRequest.first(2));
    assertRefusedCursor(() -> rights.amendments(patient.id(), new PageRequest("x.y.z", 2)));

    // A cursor naming a request of another patient reaches nothing of theirs.
    asPhysician();
    ClinicalEntry theirs = clinical.create(other.id(), data(LocalDate.of(2026, 2, 1), "theirs"));
    asPatient(other);
    Amendment theirRequest = rights.requestAmendment(other.id(), theirs.id(), "Not mine.");
    asPatient(patient);
    String forged = withPosition(first.nextCursor(), theirRequest.id().value());
    assertRefusedCursor(() -> rights.amendments(patient.id(), new PageRequest(forged, 2)));
    asPhysician();
    assertRefusedCursor(
        () -> rights.amendments(other.id(), new PageRequest(first.nextCursor(), 2)));
  }

  @Test
  void aPatientCannotHaveMoreThanTheCapOfRequestsAwaitingADecision() {
    asPatient(patient);
    for (int i = 0; i < MongoPatientRights.DEFAULT_MAX_OPEN_AMENDMENTS; i++) {
      rights.requestAmendment(patient.id(), entry.id(), "Reason " + i);
    }
    assertThatThrownBy(() -> rights.requestAmendment(patient.id(), entry.id(), "One more"))
        .isInstanceOf(RecordsException.class)
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.AMENDMENT_LIMIT);
    assertThat(ErrorCode.AMENDMENT_LIMIT.httpStatus()).isEqualTo(409);
    assertThat(rights.amendments(patient.id(), ALL).items())
        .hasSize(MongoPatientRights.DEFAULT_MAX_OPEN_AMENDMENTS);

    // A decision frees a place; another patient is not affected.
    asPhysician();
    Amendment open = rights.amendments(patient.id(), PageRequest.first(1)).items().get(0);
    rights.deny(open.id(), "The entry is correct.");
    asPatient(patient);
    assertThat(rights.requestAmendment(patient.id(), entry.id(), "Again").status())
        .isEqualTo(AmendmentStatus.REQUESTED);
  }

  @Test
  void theCapIsConfigurable() {
    MongoPatientRights capped =
        fixture.intercepted(
            new MongoPatientRights(
                fixture.operations,
                fixture.collections,
                directory,
                clinical,
                new AmendmentRequests(fixture.operations, clinical, fixture.freeText),
                new RecordsConfig(
                    new MapConfig().with("records.amendments.max-open-per-patient", "2"))));
    asPatient(patient);
    capped.requestAmendment(patient.id(), entry.id(), "One");
    capped.requestAmendment(patient.id(), entry.id(), "Two");
    assertThatThrownBy(() -> capped.requestAmendment(patient.id(), entry.id(), "Three"))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.AMENDMENT_LIMIT);
  }

  @Test
  void entriesComeInPagesEachAtItsLatestVersionOnce() {
    List<ClinicalEntry> created = new ArrayList<>(List.of(entry));
    LocalDate[] dates = {
      LocalDate.of(2026, 3, 1), LocalDate.of(2025, 1, 1), LocalDate.of(2026, 3, 1),
      LocalDate.of(2024, 6, 30), LocalDate.of(2026, 5, 5), LocalDate.of(2025, 1, 1)
    };
    for (int i = 0; i < dates.length; i++) {
      created.add(clinical.create(patient.id(), data(dates[i], "entry " + i)));
    }
    // New versions that move entries: to a later date, to an earlier one, twice.
    clinical.update(created.get(1).id(), 1, data(LocalDate.of(2027, 1, 1), "moved up"));
    clinical.update(created.get(3).id(), 1, data(LocalDate.of(2020, 1, 1), "moved down"));
    clinical.update(created.get(3).id(), 2, data(LocalDate.of(2021, 1, 1), "again"));
    clinical.create(other.id(), data(LocalDate.of(2026, 3, 1), "another patient's"));

    List<ClinicalEntry> whole = clinical.listByPatient(patient.id(), ALL).items();
    assertThat(whole).extracting(e -> e.id()).doesNotHaveDuplicates().hasSize(created.size());
    assertThat(whole).allSatisfy(e -> assertThat(e.patientId()).isEqualTo(patient.id()));
    assertThat(whole)
        .allSatisfy(e -> assertThat(e.version()).isEqualTo(clinical.get(e.id()).version()));
    assertThat(whole)
        .isSortedAccordingTo(
            (a, b) -> {
              int byDate = b.data().effectiveDate().compareTo(a.data().effectiveDate());
              return byDate != 0 ? byDate : a.id().value().compareTo(b.id().value());
            });
    for (int limit : List.of(1, 2, 3, 7, 8)) {
      assertThat(allPages(p -> clinical.listByPatient(patient.id(), p), limit))
          .as("limit %d", limit)
          .extracting(ClinicalEntry::id)
          .isEqualTo(whole.stream().map(ClinicalEntry::id).toList());
    }

    Page<ClinicalEntry> first = clinical.listByPatient(patient.id(), PageRequest.first(2));
    assertRefusedCursor(
        () -> clinical.listByPatient(other.id(), new PageRequest(first.nextCursor(), 2)));
    ClinicalEntry theirs = clinical.listByPatient(other.id(), ALL).items().get(0);
    String forged = withPosition(first.nextCursor(), theirs.id().value());
    assertRefusedCursor(() -> clinical.listByPatient(patient.id(), new PageRequest(forged, 2)));
  }

  @Test
  void versionsComeInPagesOldestFirst() {
    for (long v = 1; v <= 4; v++) {
      clinical.update(entry.id(), v, data(LocalDate.of(2026, 3, 1), "version " + (v + 1)));
    }
    List<ClinicalEntry> versions = allPages(p -> clinical.history(entry.id(), p), 2);
    assertThat(versions).extracting(ClinicalEntry::version).containsExactly(1L, 2L, 3L, 4L, 5L);
    Page<ClinicalEntry> last = clinical.history(entry.id(), PageRequest.first(5));
    assertThat(last.items()).hasSize(5);
    assertThat(last.hasMore()).as("exactly a full last page says no more").isFalse();

    Page<ClinicalEntry> first = clinical.history(entry.id(), PageRequest.first(2));
    ClinicalEntry theirs = clinical.create(other.id(), data(LocalDate.of(2026, 2, 1), "theirs"));
    clinical.update(theirs.id(), 1, data(LocalDate.of(2026, 2, 1), "theirs, 2"));
    clinical.update(theirs.id(), 2, data(LocalDate.of(2026, 2, 1), "theirs, 3"));
    assertRefusedCursor(
        () -> clinical.history(theirs.id(), new PageRequest(first.nextCursor(), 1)));
    assertRefusedCursor(
        () ->
            clinical.history(
                entry.id(), new PageRequest(withPosition(first.nextCursor(), "-1"), 1)));
    // A forged position past the end is an empty last page of this entry, nothing else.
    Page<ClinicalEntry> beyond =
        clinical.history(entry.id(), new PageRequest(withPosition(first.nextCursor(), "99"), 2));
    assertThat(beyond.items()).isEmpty();
    assertThat(beyond.hasMore()).isFalse();
  }
}
