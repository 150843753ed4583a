package org.phirecords.internal.notification;

import static com.mongodb.client.model.Filters.eq;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.TenantId;
import org.phirecords.notification.PatientNotice;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;

/**
 * E-mails patients that something happened (ADR 47), on a {@link PatientNotice}. The address is the
 * {@code email} of the patient's identity record, encrypted like every identifier and opened here
 * under the tenant's key; the read is audited as the module's ({@code system:notifier},
 * operations). The message says what kind of thing happened and asks the patient to sign in; it
 * never names the patient, the practice, an entry or a value.
 */
@ApplicationScoped
public class PatientNotifier {
  /** The subject the notifier's reads are audited as. */
  public static final String SUBJECT = "system:notifier";

  /** The subject of every notice: the same whatever happened. */
  public static final String MAIL_SUBJECT = "News in your patient portal";

  private static final Logger LOG = Logger.getLogger(PatientNotifier.class.getName());

  private TenantCollections collections;
  private IdentityProtection protection;
  private AuditTrail trail;
  private Mailer mailer;

  /** For CDI. */
  protected PatientNotifier() {}

  /** Notices read from the stores of {@code collections}, sent by {@code mailer}. */
  @Inject
  public PatientNotifier(
      TenantCollections collections,
      IdentityProtection protection,
      AuditTrail trail,
      Mailer mailer) {
    this.collections = collections;
    this.protection = protection;
    this.trail = trail;
    this.mailer = mailer;
  }

  void onNotice(@ObservesAsync PatientNotice notice) {
    try {
      send(notice);
    } catch (RuntimeException e) {
      // The type only: a message could quote the address.
      LOG.warning("notice not sent: " + notice.kind() + ", " + e.getClass().getName());
    }
  }

  /** Sends {@code notice}; whether a message went out (none without a server or an address). */
  public boolean send(PatientNotice notice) {
    if (!mailer.configured()) {
      return false;
    }
    TenantId tenant = new TenantId(notice.tenant());
    Optional<String> address = address(tenant, notice.patientId());
    if (address.isEmpty()) {
      return false;
    }
    try {
      mailer.send(address.get(), MAIL_SUBJECT, body(notice.kind(), mailer.portal()), null, null);
      return true;
    } catch (RecordsException e) {
      LOG.warning("notice not sent: " + notice.kind() + ", the mail server refused it");
      return false;
    }
  }

  private Optional<String> address(TenantId tenant, String patientId) {
    Optional<Document> stored =
        PatientRepository.forMaintenance(collections, tenant)
            .findOne(eq("patientId", patientId), null, null);
    Optional<String> email =
        stored.map(d -> protection.open(tenant, d).getString("email")).filter(Mailer::address);
    trail.record(
        new Caller(
            SUBJECT,
            Optional.of(tenant),
            Set.of(),
            Optional.empty(),
            PurposeOfUse.OPERATIONS,
            "local"),
        AuditAction.READ,
        ResourceType.PATIENT,
        patientId,
        patientId,
        stored.isPresent() ? AuditOutcome.SUCCESS : AuditOutcome.NOT_FOUND,
        "PatientNotifier.address",
        email.isPresent() ? 1 : 0);
    return email;
  }

  /** The body of a notice of {@code kind}: what kind of thing happened, and where to sign in. */
  static String body(PatientNotice.Kind kind, String portal) {
    String what =
        switch (kind) {
          case AMENDMENT_DECIDED -> "A request you made about your health record was answered.";
          case COPY_READY ->
              "A copy of your health record that you asked for is ready or was sent.";
          case PROXY_GRANTED -> "Someone was given access to act for you.";
          case PROXY_REVOKED -> "Someone's access to act for you was removed.";
          case NEW_DEVICE_SIGN_IN ->
              "Your account was used to sign in from a new device. If this was not you, contact"
                  + " your care provider.";
        };
    String where =
        portal.isBlank()
            ? "Sign in to your patient portal to read more."
            : "Sign in to your patient portal to read more: " + portal;
    return what
        + "\n\n"
        + where
        + "\n\nThis message holds no health information. Do not reply to it.\n";
  }
}
