package org.phirecords.internal.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.enterprise.event.Event;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.Mockito;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.access.MongoPatientRights;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.notification.Mailer;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.People;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.DirectedCopy;
import org.phirecords.model.Disclosure;
import org.phirecords.model.DisclosureSource;
import org.phirecords.model.PageRequest;
import org.phirecords.model.Patient;
import org.phirecords.notification.PatientNotice;
import org.phirecords.security.Role;

/**
 * The accounting of disclosures (ADR 47): staff's disclosures and the module's directed copies are
 * listed, treatment accesses are not, six years back at most; a directed copy is sent once, to the
 * address given, after the patient's confirmation, through a real SMTP server (GreenMail).
 */
class DisclosuresTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final PageRequest ALL = PageRequest.first(PageRequest.MAX_LIMIT);

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private final StoreFixture fixture = new StoreFixture();
  private MongoPatientRights rights;
  private Patient patient;

  @SuppressWarnings("unchecked")
  private final Event<PatientNotice> notices = Mockito.mock(Event.class);

  @BeforeEach
  void record() {
    fixture.registerTenant("tenant-a", "Clinic A");
    rights = fixture.rights(NOW);
    asPhysician();
    patient = fixture.directory().create(People.synthetic());
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private Mailer mailer() {
    return new Mailer(
        new RecordsConfig(
            new MapConfig()
                .with("records.mail.host", "127.0.0.1")
                .with("records.mail.port", Integer.toString(SMTP.getSmtp().getPort()))
                .with("records.mail.from", "records@clinic-a.example")
                .with("records.mail.starttls", "false")));
  }

  private MongoDisclosures disclosures(Mailer mailer, Instant now) {
    return fixture
        .intercepted(
            new MongoDisclosures(fixture.operations, fixture.freeText, rights, mailer, notices))
        .withClock(Clock.fixed(now, ZoneOffset.UTC));
  }

  private void asPhysician() {
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
  }

  private void asPatient() {
    fixture.actAs(StoreFixture.patient("tenant-a", patient.id()));
  }

  @Test
  void staffDisclosuresAreListedAndTreatmentAccessesAreNot() {
    MongoDisclosures service = disclosures(mailer(), NOW);
    fixture.directory().get(patient.id());
    Disclosure d =
        service.record(
            patient.id(),
            NOW.minus(Duration.ofDays(3)),
            "County public health department",
            "Immunization history",
            "Required by law: state immunization registry");

    asPatient();
    List<Disclosure> listed = service.accounting(patient.id(), null, ALL).items();
    assertThat(listed).containsExactly(d);
    assertThat(listed.get(0).source()).isEqualTo(DisclosureSource.STAFF);
    assertThat(rights.accessHistory(patient.id(), ALL).items())
        .as("the physician's read is in the fuller access history")
        .isNotEmpty();
    assertThat(
            new String(
                service.accountingDocument(patient.id()),
                java.nio.charset.StandardCharsets.ISO_8859_1))
        .startsWith("%PDF");
  }

  @Test
  void theAccountingIsPagedNewestFirstAndAForgedCursorIsRefused() {
    MongoDisclosures service = disclosures(mailer(), NOW);
    for (int day = 1; day <= 3; day++) {
      service.record(
          patient.id(), NOW.minus(Duration.ofDays(day)), "Registry " + day, "Records", "By law");
    }
    asPatient();
    var first = service.accounting(patient.id(), null, PageRequest.first(2));
    assertThat(first.items())
        .extracting(Disclosure::recipient)
        .containsExactly("Registry 1", "Registry 2");
    var second = service.accounting(patient.id(), null, PageRequest.first(2).next(first));
    assertThat(second.items()).extracting(Disclosure::recipient).containsExactly("Registry 3");
    assertThat(second.hasMore()).isFalse();
    String forged =
        org.phirecords.internal.store.PageCursor.of("accounting", "tenant-a", patient.id().value())
            .after("not-a-position");
    assertThatThrownBy(
            () ->
                service.accounting(
                    patient.id(), null, new PageRequest(forged, PageRequest.MAX_LIMIT)))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_CURSOR);
  }

  @Test
  void theAccountingReachesSixYearsBackAndNoFurther() {
    Instant fiveYearsAgo = NOW.atZone(ZoneOffset.UTC).minusYears(5).toInstant();
    MongoDisclosures service = disclosures(mailer(), NOW);
    Disclosure old = service.record(patient.id(), fiveYearsAgo, "A court", "Records", "Subpoena");
    assertThatThrownBy(
            () ->
                service.record(
                    patient.id(),
                    NOW.atZone(ZoneOffset.UTC).minusYears(6).minusDays(1).toInstant(),
                    "A court",
                    "Records",
                    "Subpoena"))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.DISCLOSURE_FIELDS);
    assertThatThrownBy(
            () -> service.record(patient.id(), NOW.plusSeconds(60), "A court", "Records", "Order"))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.DISCLOSURE_FIELDS);

    asPatient();
    assertThat(service.accounting(patient.id(), null, ALL).items()).containsExactly(old);
    assertThatThrownBy(() -> service.accounting(patient.id(), LocalDate.of(2019, 1, 1), ALL))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.ACCOUNTING_PERIOD);
    // Two years on, the disclosure is more than six years old and leaves the accounting.
    Instant later = NOW.atZone(ZoneOffset.UTC).plusYears(2).toInstant();
    assertThat(disclosures(mailer(), later).accounting(patient.id(), null, ALL).items()).isEmpty();
  }

  @Test
  void aDirectedCopyIsSentOnceToTheAddressAfterConfirmationAndRecordedOnce() throws Exception {
    MongoDisclosures service = disclosures(mailer(), NOW);
    asPatient();
    assertThatThrownBy(
            () -> service.directCopy(patient.id(), "someone@example.org\r\nBcc: eve@example.org"))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.DIRECTED_COPY_ADDRESS);
    assertThatThrownBy(
            () -> service.directCopy(patient.id(), "someone@example.org, eve@example.org"))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.DIRECTED_COPY_ADDRESS);

    DirectedCopy pending = service.directCopy(patient.id(), "new-doctor@example.org");
    assertThat(pending.sent()).isFalse();
    assertThat(pending.warning()).contains("may not be encrypted");
    assertThat(SMTP.getReceivedMessages()).as("nothing is sent before confirmation").isEmpty();
    assertThat(service.accounting(patient.id(), null, ALL).items()).isEmpty();

    DirectedCopy sent = service.confirmDirectedCopy(patient.id(), pending.id());
    assertThat(sent.sent()).isTrue();
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getRecipients(Message.RecipientType.TO))
        .extracting(Object::toString)
        .containsExactly("new-doctor@example.org");
    assertThat(received[0].getSubject()).doesNotContain(patient.data().familyName());
    Multipart parts = (Multipart) received[0].getContent();
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("application/pdf");
    List<Disclosure> listed = service.accounting(patient.id(), null, ALL).items();
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).source()).isEqualTo(DisclosureSource.DIRECTED_COPY);
    assertThat(listed.get(0).recipient()).isEqualTo("new-doctor@example.org");
    assertThat(listed.get(0).id()).isEqualTo(pending.id());

    assertThatThrownBy(() -> service.confirmDirectedCopy(patient.id(), pending.id()))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.DIRECTED_COPY_SENT);
    assertThat(SMTP.getReceivedMessages()).hasSize(1);
    assertThat(service.accounting(patient.id(), null, ALL).items()).hasSize(1);
    Mockito.verify(notices)
        .fireAsync(
            new PatientNotice("tenant-a", patient.id().value(), PatientNotice.Kind.COPY_READY));
  }

  @Test
  void aLapsedOrUnsendableCopyDisclosesNothing() {
    asPatient();
    DirectedCopy lapsed = disclosures(mailer(), NOW).directCopy(patient.id(), "a@example.org");
    MongoDisclosures later =
        disclosures(mailer(), NOW.plus(MongoDisclosures.CONFIRMATION).plusSeconds(1));
    assertThatThrownBy(() -> later.confirmDirectedCopy(patient.id(), lapsed.id()))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.DIRECTED_COPY_NOT_FOUND);

    MongoDisclosures unconfigured =
        disclosures(new Mailer(new RecordsConfig(new MapConfig())), NOW);
    DirectedCopy c = unconfigured.directCopy(patient.id(), "b@example.org");
    assertThatThrownBy(() -> unconfigured.confirmDirectedCopy(patient.id(), c.id()))
        .extracting(e -> ((RecordsException) e).errorCode())
        .isEqualTo(ErrorCode.MAIL_UNAVAILABLE);
    assertThat(SMTP.getReceivedMessages()).isEmpty();
    assertThat(unconfigured.accounting(patient.id(), null, ALL).items()).isEmpty();
  }

  @Test
  void onlyStaffRecordAndOnlyThePatientDirectsACopy() {
    MongoDisclosures service = disclosures(mailer(), NOW);
    assertThatThrownBy(() -> service.directCopy(patient.id(), "a@example.org"))
        .isInstanceOf(org.phirecords.error.AccessDeniedException.class);
    asPatient();
    assertThatThrownBy(() -> service.record(patient.id(), NOW, "x", "y", "z"))
        .isInstanceOf(org.phirecords.error.AccessDeniedException.class);
    fixture.actAs(StoreFixture.staff("tenant-a", Role.BILLING));
    assertThatThrownBy(() -> service.accounting(patient.id(), null, ALL))
        .isInstanceOf(org.phirecords.error.AccessDeniedException.class);
  }
}
