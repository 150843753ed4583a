package org.phirecords.internal.disclosure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.notification.Mailer;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.patient.PatientRepository;
import org.phirecords.internal.store.PageCursor;
import org.phirecords.model.DirectedCopy;
import org.phirecords.model.Disclosure;
import org.phirecords.model.DisclosureId;
import org.phirecords.model.DisclosureSource;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientId;
import org.phirecords.notification.PatientNotice;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.Disclosures;
import org.phirecords.service.PatientRights;

/**
 * {@link Disclosures} in the {@code disclosures} collection (ADR 47). Staff record disclosures made
 * elsewhere; the module records its own directed copies when it sends them. Patients reach only
 * their own.
 */
@ApplicationScoped
public class MongoDisclosures implements Disclosures {
  /** How long a directed copy waits for the patient's confirmation. */
  static final Duration CONFIRMATION = Duration.ofHours(1);

  static final int MAX_TEXT = 500;
  static final String COPY_SUBJECT = "A copy of a health record";
  static final String COPY_BODY =
      "Attached is a copy of a health record that its patient asked to be sent to this address.\n"
          + "If you did not expect it, delete this message and its attachment.\n";
  static final String COPY_DESCRIPTION =
      "A copy of the whole record (identity, clinical entries, amendment requests and statements"
          + " of disagreement) as a PDF, by e-mail";

  private Operations operations;
  private FreeTextProtection freeText;
  private PatientRights rights;
  private Mailer mailer;
  private Event<PatientNotice> notices;
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected MongoDisclosures() {}

  /** Disclosures in the current operation's handles; copies made by {@code rights}. */
  @Inject
  public MongoDisclosures(
      Operations operations,
      FreeTextProtection freeText,
      PatientRights rights,
      Mailer mailer,
      Event<PatientNotice> notices) {
    this.operations = operations;
    this.freeText = freeText;
    this.rights = rights;
    this.mailer = mailer;
    this.notices = notices;
  }

  /** The same service reading the time from {@code other} (tests of the window). */
  public MongoDisclosures withClock(Clock other) {
    this.clock = other;
    return this;
  }

  @Override
  @RequiresPermission(Permission.DISCLOSURE_RECORD)
  public Disclosure record(
      PatientId patient,
      Instant disclosedAt,
      String recipient,
      String description,
      String purpose) {
    Operation op = operations.current();
    Instant now = clock.instant();
    if (!fits(recipient)
        || !fits(description)
        || !fits(purpose)
        || disclosedAt == null
        || disclosedAt.isAfter(now)
        || disclosedAt.isBefore(windowStart(now))) {
      op.record(AuditOutcome.INVALID, null, patient.value(), 0);
      throw new InvalidInputException(
          ErrorCode.DISCLOSURE_FIELDS, "", ErrorCode.DISCLOSURE_FIELDS.title());
    }
    PatientRepository.requireReachable(op, patient);
    Disclosure d =
        new Disclosure(
            DisclosureId.random(),
            patient,
            disclosedAt.truncatedTo(ChronoUnit.MILLIS),
            recipient,
            description,
            purpose,
            DisclosureSource.STAFF,
            op.caller().subject());
    insert(op, d);
    return d;
  }

  private void insert(Operation op, Disclosure d) {
    WriteIntent intent =
        DisclosureRepository.announce(op, AuditAction.CREATE, d.id(), d.patient(), 1);
    DisclosureRepository.of(op, freeText).insert(d, intent);
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
  }

  @Override
  @RequiresPermission(Permission.DISCLOSURE_READ)
  public Page<Disclosure> accounting(PatientId patient, LocalDate since, PageRequest page) {
    Operation op = operations.current();
    Instant now = clock.instant();
    Instant from =
        since == null ? windowStart(now) : since.atStartOfDay(ZoneOffset.UTC).toInstant();
    if (from.isBefore(windowStart(now)) || from.isAfter(now)) {
      op.record(AuditOutcome.INVALID, null, patient.value(), 0);
      throw new InvalidInputException(
          ErrorCode.ACCOUNTING_PERIOD, "since", ErrorCode.ACCOUNTING_PERIOD.title());
    }
    PatientRepository.requireReachable(op, patient);
    PageCursor cursors =
        PageCursor.of("accounting", op.caller().tenant().orElseThrow().value(), patient.value());
    Optional<String> position = cursors.parsed(page, MongoDisclosures::position);
    Page<Disclosure> result =
        cursors.page(
            DisclosureRepository.of(op, freeText)
                .accounting(patient, from, position, page.limit() + 1),
            page,
            DisclosureRepository::position);
    op.record(AuditOutcome.SUCCESS, null, patient.value(), result.items().size());
    return result;
  }

  @Override
  @RequiresPermission(Permission.DISCLOSURE_READ)
  public byte[] accountingDocument(PatientId patient) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    Instant now = clock.instant();
    DisclosureRepository repository = DisclosureRepository.of(op, freeText);
    List<Disclosure> all = new ArrayList<>();
    Optional<String> position = Optional.empty();
    while (true) {
      List<Disclosure> batch =
          repository.accounting(patient, windowStart(now), position, PageRequest.MAX_LIMIT);
      all.addAll(batch);
      if (batch.size() < PageRequest.MAX_LIMIT) {
        break;
      }
      position = Optional.of(DisclosureRepository.position(batch.get(batch.size() - 1)));
    }
    byte[] pdf = AccountingPdf.document(all, windowStart(now), now);
    op.record(
        AuditAction.EXPORT,
        ResourceType.DISCLOSURE,
        AuditOutcome.SUCCESS,
        null,
        patient.value(),
        all.size());
    return pdf;
  }

  @Override
  @RequiresPermission(Permission.DIRECTED_COPY)
  public DirectedCopy directCopy(PatientId patient, String recipient) {
    Operation op = operations.current();
    if (!Mailer.address(recipient)) {
      op.record(AuditOutcome.INVALID, null, patient.value(), 0);
      throw new InvalidInputException(
          ErrorCode.DIRECTED_COPY_ADDRESS, "/recipient", ErrorCode.DIRECTED_COPY_ADDRESS.title());
    }
    PatientRepository.requireReachable(op, patient);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    DirectedCopy c =
        new DirectedCopy(
            DisclosureId.random(),
            patient,
            recipient,
            now,
            now.plus(CONFIRMATION),
            null,
            DirectedCopy.WARNING);
    WriteIntent intent = DisclosureRepository.announce(op, AuditAction.CREATE, c.id(), patient, 1);
    DisclosureRepository.of(op, freeText)
        .insertPending(c, COPY_DESCRIPTION, op.caller().subject(), intent);
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return c;
  }

  @Override
  @RequiresPermission(Permission.DIRECTED_COPY)
  public DirectedCopy confirmDirectedCopy(PatientId patient, DisclosureId id) {
    Operation op = operations.current();
    PatientRepository.requireReachable(op, patient);
    DisclosureRepository repository = DisclosureRepository.of(op, freeText);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    var found =
        repository
            .directedCopy(patient, id)
            .filter(v -> v.copy().sent() || !now.isAfter(v.copy().confirmBy()))
            .orElseThrow(
                () ->
                    refused(
                        op,
                        AuditOutcome.NOT_FOUND,
                        id,
                        patient,
                        ErrorCode.DIRECTED_COPY_NOT_FOUND));
    if (found.copy().sent()) {
      throw refused(op, AuditOutcome.CONFLICT, id, patient, ErrorCode.DIRECTED_COPY_SENT);
    }
    if (!mailer.configured()) {
      throw refused(op, AuditOutcome.ERROR, id, patient, ErrorCode.MAIL_UNAVAILABLE);
    }
    // Through the service: the copy is read, and audited, like the patient's own download.
    byte[] pdf = rights.electronicCopyPdf(patient);
    long version = found.version();
    WriteIntent intent =
        DisclosureRepository.announce(op, AuditAction.EXPORT, id, patient, version + 1);
    if (!repository.markDisclosed(id, version, now, intent)) {
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new RecordsException(ErrorCode.DIRECTED_COPY_SENT);
    }
    try {
      mailer.send(found.copy().recipient(), COPY_SUBJECT, COPY_BODY, "health-record.pdf", pdf);
    } catch (RecordsException e) {
      op.conclude(intent, AuditOutcome.ERROR, 0);
      WriteIntent undo =
          DisclosureRepository.announce(op, AuditAction.UPDATE, id, patient, version + 2);
      repository.unmark(id, version + 1, undo);
      op.conclude(undo, AuditOutcome.SUCCESS, 1);
      throw e;
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    String tenant = op.caller().tenant().orElseThrow().value();
    notices.fireAsync(new PatientNotice(tenant, patient.value(), PatientNotice.Kind.COPY_READY));
    DirectedCopy c = found.copy();
    return new DirectedCopy(
        c.id(), c.patient(), c.recipient(), c.requestedAt(), c.confirmBy(), now, c.warning());
  }

  private static RecordsException refused(
      Operation op, AuditOutcome outcome, DisclosureId id, PatientId patient, ErrorCode code) {
    op.record(outcome, id.value(), patient.value(), 0);
    return new RecordsException(code);
  }

  /** A paging position, {@code disclosedAt} millis, a dash, the id; else refused as a cursor. */
  private static String position(String p) {
    return DisclosureRepository.PAGES.checked(p);
  }

  /** The start of the accounting window: six years before {@code now}. */
  static Instant windowStart(Instant now) {
    return now.atZone(ZoneOffset.UTC).minusYears(YEARS).toInstant();
  }

  private static boolean fits(String text) {
    return text != null && !text.isBlank() && text.length() <= MAX_TEXT;
  }
}
