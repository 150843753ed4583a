package org.phirecords.internal.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.internal.testing.StoreFixture;
import org.phirecords.model.Mrn;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.notification.PatientNotice;
import org.phirecords.security.Role;

/**
 * Notices reach the patient's e-mail address through a real SMTP server (GreenMail), one message
 * per notice, and carry no PHI: canary values in every identity field never appear in a subject or
 * body (ADR 47).
 */
class PatientNotifierTest {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final String CANARY = "Zqxcanary";

  private final StoreFixture fixture = new StoreFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  private PatientNotifier notifier(boolean configured) {
    MapConfig config = new MapConfig().with("records.mail.portal-url", "https://portal.example/");
    if (configured) {
      config
          .with("records.mail.host", "127.0.0.1")
          .with("records.mail.port", Integer.toString(SMTP.getSmtp().getPort()))
          .with("records.mail.from", "records@clinic-a.example")
          .with("records.mail.starttls", "false");
    }
    return new PatientNotifier(
        fixture.collections,
        fixture.protection,
        fixture.audit,
        new Mailer(new RecordsConfig(config)));
  }

  @Test
  void eachNoticeSendsOneMessageToThePatientWithoutPhi() throws Exception {
    fixture.registerTenant("tenant-a", "Clinic " + CANARY);
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Patient patient =
        fixture
            .directory()
            .create(
                new PatientData(
                    new Mrn(CANARY + "MRN"),
                    CANARY + "Given",
                    CANARY + "Family",
                    LocalDate.of(1971, 2, 3),
                    "female",
                    "123-45-6789",
                    CANARY + "Member",
                    null,
                    "555-0100",
                    "zqx.patient@example.org"));
    PatientNotifier notifier = notifier(true);
    for (PatientNotice.Kind kind : PatientNotice.Kind.values()) {
      assertThat(notifier.send(new PatientNotice("tenant-a", patient.id().value(), kind))).isTrue();
    }

    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(PatientNotice.Kind.values().length);
    for (MimeMessage m : received) {
      assertThat(m.getRecipients(Message.RecipientType.TO))
          .extracting(Object::toString)
          .containsExactly("zqx.patient@example.org");
      String text = m.getSubject() + "\n" + GreenMailUtil.getBody(m);
      assertThat(text)
          .doesNotContainIgnoringCase(CANARY)
          .doesNotContain("1971")
          .doesNotContain("6789")
          .doesNotContain(patient.id().value())
          .contains("https://portal.example/");
    }
  }

  @Test
  void withoutAServerOrAnAddressNothingIsSent() {
    fixture.registerTenant("tenant-a", "Clinic A");
    fixture.actAs(StoreFixture.staff("tenant-a", Role.PHYSICIAN));
    Patient noAddress =
        fixture.directory().create(org.phirecords.internal.testing.People.synthetic());
    PatientNotice notice =
        new PatientNotice("tenant-a", noAddress.id().value(), PatientNotice.Kind.COPY_READY);
    assertThat(notifier(false).send(notice)).isFalse();
    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }
}
