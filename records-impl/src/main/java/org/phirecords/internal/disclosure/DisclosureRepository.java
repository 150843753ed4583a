package org.phirecords.internal.disclosure;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;

import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.audit.AuditAction;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.Keyset;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.DirectedCopy;
import org.phirecords.model.Disclosure;
import org.phirecords.model.DisclosureId;
import org.phirecords.model.DisclosureSource;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * The {@code disclosures} collection: the only code that touches it (ADR 47). One document per
 * disclosure, or per directed copy awaiting confirmation: {@code disclosureId}, {@code patientId},
 * {@code state} ({@code PENDING}, {@code DISCLOSED}), {@code source}, {@code disclosedAt}, {@code
 * recipient}, {@code description}, {@code purpose} (each encrypted), {@code recordedBy}, {@code
 * requestedAt} and {@code confirmBy} (directed copies), {@code version}.
 */
public final class DisclosureRepository {
  static final String ID = "disclosureId";
  static final String PATIENT = "patientId";
  static final String STATE = "state";
  static final String SOURCE = "source";
  static final String AT = "disclosedAt";
  static final String RECIPIENT = "recipient";
  static final String DESCRIPTION = "description";
  static final String PURPOSE = "purpose";
  static final String BY = "recordedBy";
  static final String REQUESTED = "requestedAt";
  static final String CONFIRM_BY = "confirmBy";
  static final String VERSION = "version";
  static final String PENDING = "PENDING";
  static final String DISCLOSED = "DISCLOSED";

  /** The accounting's order and paging: newest first. */
  static final Keyset.ByTime PAGES =
      new Keyset.ByTime(AT, ID, false, id -> new DisclosureId(id).value());

  private final TenantScopedCollection disclosures;
  private final FreeTextProtection freeText;

  private DisclosureRepository(TenantScopedCollection disclosures, FreeTextProtection freeText) {
    this.disclosures = disclosures;
    this.freeText = freeText;
  }

  /** The disclosures within reach of {@code op} (a patient: their own). */
  static DisclosureRepository of(Operation op, FreeTextProtection freeText) {
    return new DisclosureRepository(op.handle(StoredCollection.DISCLOSURES), freeText);
  }

  /** Announces, as {@code action} of {@code op}, the write of {@code id} at {@code version}. */
  static WriteIntent announce(
      Operation op, AuditAction action, DisclosureId id, PatientId patient, long version) {
    return op.intend(
        action, StoredCollection.DISCLOSURES, ID, id.value(), patient.value(), version);
  }

  /** Stores disclosure {@code d}, its texts sealed, stamped by {@code intent}. */
  void insert(Disclosure d, WriteIntent intent) {
    disclosures.insertOne(
        texts(d.recipient(), d.description(), d.purpose())
            .append(ID, d.id().value())
            .append(PATIENT, d.patient().value())
            .append(STATE, DISCLOSED)
            .append(SOURCE, d.source().name())
            .append(AT, Date.from(d.disclosedAt()))
            .append(BY, d.recordedBy())
            .append(VERSION, 1L)
            .append(WriteIntent.STAMP, intent.id()));
  }

  /** Stores directed copy {@code c}, awaiting confirmation, stamped by {@code intent}. */
  void insertPending(DirectedCopy c, String description, String by, WriteIntent intent) {
    disclosures.insertOne(
        texts(c.recipient(), description, "At the patient's direction (45 CFR 164.524(c)(3)(ii))")
            .append(ID, c.id().value())
            .append(PATIENT, c.patient().value())
            .append(STATE, PENDING)
            .append(SOURCE, DisclosureSource.DIRECTED_COPY.name())
            .append(BY, by)
            .append(REQUESTED, Date.from(c.requestedAt()))
            .append(CONFIRM_BY, Date.from(c.confirmBy()))
            .append(VERSION, 1L)
            .append(WriteIntent.STAMP, intent.id()));
  }

  private Document texts(String recipient, String description, String purpose) {
    TenantId tenant = disclosures.tenant();
    return new Document(RECIPIENT, freeText.seal(tenant, recipient))
        .append(DESCRIPTION, freeText.seal(tenant, description))
        .append(PURPOSE, freeText.seal(tenant, purpose));
  }

  /** A directed copy and its stored version. */
  record Versioned(DirectedCopy copy, long version) {}

  /** Directed copy {@code id} of {@code patient}, pending or sent. */
  Optional<Versioned> directedCopy(PatientId patient, DisclosureId id) {
    return disclosures
        .findOne(
            and(
                eq(ID, id.value()),
                eq(PATIENT, patient.value()),
                eq(SOURCE, DisclosureSource.DIRECTED_COPY.name())),
            null,
            null)
        .map(
            d ->
                new Versioned(
                    new DirectedCopy(
                        id,
                        patient,
                        freeText.open(disclosures.tenant(), d.get(RECIPIENT)),
                        d.getDate(REQUESTED).toInstant(),
                        d.getDate(CONFIRM_BY).toInstant(),
                        Optional.ofNullable(d.getDate(AT)).map(Date::toInstant).orElse(null),
                        DirectedCopy.WARNING),
                    d.get(VERSION, Number.class).longValue()));
  }

  /**
   * Marks pending copy {@code id} at {@code version} disclosed at {@code at}, before it is sent: a
   * crash after this leaves a disclosure recorded that may not have been sent, never one sent and
   * not recorded. Whether this call marked it.
   */
  boolean markDisclosed(DisclosureId id, long version, Instant at, WriteIntent intent) {
    return disclosures
        .findOneAndUpdate(
            and(eq(ID, id.value()), eq(STATE, PENDING), eq(VERSION, version)),
            Updates.combine(
                Updates.set(STATE, DISCLOSED),
                Updates.set(AT, Date.from(at)),
                Updates.set(VERSION, version + 1),
                Updates.set(WriteIntent.STAMP, intent.id())))
        .isPresent();
  }

  /** Puts copy {@code id} at {@code version} back to pending after the server refused it. */
  void unmark(DisclosureId id, long version, WriteIntent intent) {
    disclosures.findOneAndUpdate(
        and(eq(ID, id.value()), eq(STATE, DISCLOSED), eq(VERSION, version)),
        Updates.combine(
            Updates.set(STATE, PENDING),
            Updates.unset(AT),
            Updates.set(VERSION, version + 1),
            Updates.set(WriteIntent.STAMP, intent.id())));
  }

  /**
   * Up to {@code limit} disclosures of {@code patient} since {@code since}, newest first, after
   * {@code position} ({@code disclosedAt} millis, a dash, the id).
   */
  List<Disclosure> accounting(
      PatientId patient, Instant since, Optional<String> position, int limit) {
    List<Bson> filters =
        new ArrayList<>(
            List.of(eq(PATIENT, patient.value()), eq(STATE, DISCLOSED), gte(AT, Date.from(since))));
    position.ifPresent(p -> filters.add(PAGES.after(p)));
    return disclosures.find(and(filters), null, PAGES.sort(), limit).stream()
        .map(this::read)
        .toList();
  }

  /** The paging position of {@code d}. */
  static String position(Disclosure d) {
    return Keyset.ByTime.position(d.disclosedAt(), d.id().value());
  }

  private Disclosure read(Document d) {
    TenantId tenant = disclosures.tenant();
    return new Disclosure(
        new DisclosureId(d.getString(ID)),
        new PatientId(d.getString(PATIENT)),
        d.getDate(AT).toInstant(),
        freeText.open(tenant, d.get(RECIPIENT)),
        freeText.open(tenant, d.get(DESCRIPTION)),
        freeText.open(tenant, d.get(PURPOSE)),
        DisclosureSource.valueOf(d.getString(SOURCE)),
        d.getString(BY));
  }

  /**
   * Records that bulk export {@code exportId} disclosed {@code patient}'s record (ADR 47) if {@code
   * op} is a system client's, a third party's system; a staff member's export is not a disclosure.
   * Once per export and patient, so a resumed run records nothing twice.
   */
  public static void recordExport(
      Operation op, FreeTextProtection freeText, PatientId patient, String exportId, Instant at) {
    if (!op.caller().has(org.phirecords.security.Role.SYSTEM)) {
      return;
    }
    DisclosureId id = exportDisclosure(exportId, patient);
    DisclosureRepository repository = of(op, freeText);
    if (repository.disclosures.exists(eq(ID, id.value()))) {
      return;
    }
    Disclosure d =
        new Disclosure(
            id,
            patient,
            at,
            "System client " + op.caller().subject(),
            "FHIR bulk data export " + exportId + " (the record's resources as NDJSON)",
            "Bulk data export requested by a third party's system (ADR 38)",
            DisclosureSource.BULK_EXPORT,
            op.caller().subject());
    WriteIntent intent = announce(op, AuditAction.CREATE, id, patient, 1);
    repository.insert(d, intent);
    op.conclude(intent, org.phirecords.audit.AuditOutcome.SUCCESS, 1);
  }

  private static DisclosureId exportDisclosure(String exportId, PatientId patient) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(
                  (exportId + ":" + patient.value())
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return new DisclosureId(
          java.util.Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(digest)
              .substring(0, 22));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Removes every disclosure of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return collections
        .forMaintenance(StoredCollection.DISCLOSURES, tenant)
        .deleteMany(new Document());
  }
}
