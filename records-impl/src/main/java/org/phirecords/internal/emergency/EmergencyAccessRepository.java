package org.phirecords.internal.emergency;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

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
import org.phirecords.model.DeclarationId;
import org.phirecords.model.EmergencyDeclaration;
import org.phirecords.model.EmergencyReason;
import org.phirecords.model.EmergencyReview;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * The {@code emergency_access} collection: the only code that touches it (ADR 28). One document per
 * declaration: {@code declarationId}, {@code patientId}, {@code issuer} and {@code subject} of the
 * declarer, {@code reason}, {@code justification} (encrypted), {@code declaredAt}, {@code
 * expiresAt}, {@code writes}, {@code review}, {@code reviewer}, {@code reviewedAt}, {@code note}
 * (encrypted), {@code version}.
 */
public final class EmergencyAccessRepository {
  static final String ID = "declarationId";
  static final String PATIENT = "patientId";
  static final String ISSUER = "issuer";
  static final String SUBJECT = "subject";
  static final String REASON = "reason";
  static final String JUSTIFICATION = "justification";
  static final String DECLARED = "declaredAt";

  /** The review queue's order and paging: oldest first. */
  static final Keyset.ByTime QUEUE =
      new Keyset.ByTime(DECLARED, ID, true, id -> new DeclarationId(id).value());

  static final String EXPIRES = "expiresAt";
  static final String WRITES = "writes";
  static final String REVIEW = "review";
  static final String REVIEWER = "reviewer";
  static final String REVIEWED = "reviewedAt";
  static final String NOTE = "note";
  static final String VERSION = "version";

  private final TenantScopedCollection declarations;
  private final FreeTextProtection freeText;

  private EmergencyAccessRepository(TenantScopedCollection declarations, FreeTextProtection text) {
    this.declarations = declarations;
    this.freeText = text;
  }

  /**
   * The declarations within reach of {@code op}: a privacy officer whose role holds at
   * organisations reviews their patients' declarations only (ADR 27).
   */
  static EmergencyAccessRepository of(
      org.phirecords.internal.operation.Operation op, FreeTextProtection freeText) {
    return new EmergencyAccessRepository(op.handle(StoredCollection.EMERGENCY_ACCESS), freeText);
  }

  /** The declarations of {@code tenant}, whoever may reach its patients (ADR 28). */
  static EmergencyAccessRepository of(
      TenantCollections collections, TenantId tenant, FreeTextProtection freeText) {
    return new EmergencyAccessRepository(
        collections.forMaintenance(StoredCollection.EMERGENCY_ACCESS, tenant), freeText);
  }

  /**
   * Announces, as {@code action} of {@code op}, the write of version {@code version} of declaration
   * {@code id} of patient {@code patient} (ADR 3).
   */
  static WriteIntent announce(
      Operation op, AuditAction action, DeclarationId id, PatientId patient, long version) {
    return op.intend(
        action, StoredCollection.EMERGENCY_ACCESS, ID, id.value(), patient.value(), version);
  }

  /** Stores {@code d}, justification sealed, stamped by {@code intent}. */
  void insert(EmergencyDeclaration d, WriteIntent intent) {
    TenantId tenant = declarations.tenant();
    declarations.insertOne(
        new Document(ID, d.id().value())
            .append(PATIENT, d.patient().value())
            .append(ISSUER, d.declarerIssuer())
            .append(SUBJECT, d.declarer())
            .append(REASON, d.reason().name())
            .append(JUSTIFICATION, freeText.seal(tenant, d.justification()))
            .append(DECLARED, Date.from(d.declaredAt()))
            .append(EXPIRES, Date.from(d.expiresAt()))
            .append(WRITES, d.writes())
            .append(REVIEW, d.review().name())
            .append(VERSION, 1L)
            .append(WriteIntent.STAMP, intent.id()));
  }

  /** The stored form of declaration {@code id}, without its free text (the per-call check). */
  Optional<Document> check(DeclarationId id) {
    return declarations.findOne(
        eq(ID, id.value()),
        new Document(PATIENT, 1)
            .append(ISSUER, 1)
            .append(SUBJECT, 1)
            .append(EXPIRES, 1)
            .append(WRITES, 1),
        null);
  }

  /** A declaration and its stored version. */
  record Versioned(EmergencyDeclaration declaration, long version) {}

  /** Declaration {@code id}, its free text opened. */
  Optional<Versioned> byId(DeclarationId id) {
    return declarations
        .findOne(eq(ID, id.value()), null, null)
        .map(d -> new Versioned(read(d), d.get(VERSION, Number.class).longValue()));
  }

  /**
   * Up to {@code limit} unreviewed declarations, oldest first, after {@code position} ({@code
   * declaredAt} millis, a dash, the id).
   */
  List<EmergencyDeclaration> unreviewed(Optional<String> position, int limit) {
    List<Bson> filters = new ArrayList<>(List.of(eq(REVIEW, EmergencyReview.UNREVIEWED.name())));
    position.ifPresent(p -> filters.add(QUEUE.after(p)));
    return declarations.find(and(filters), null, QUEUE.sort(), limit).stream()
        .map(this::read)
        .toList();
  }

  /** The paging position of {@code d} in the review queue. */
  static String position(EmergencyDeclaration d) {
    return Keyset.ByTime.position(d.declaredAt(), d.id().value());
  }

  /**
   * Records the review of {@code d} at version {@code version} if it is still unreviewed: the
   * declaration after, or empty if another review came first.
   */
  Optional<EmergencyDeclaration> review(
      EmergencyDeclaration d,
      long version,
      EmergencyReview review,
      String reviewer,
      Instant at,
      String note,
      WriteIntent intent) {
    return declarations
        .findOneAndUpdate(
            and(
                eq(ID, d.id().value()),
                eq(REVIEW, EmergencyReview.UNREVIEWED.name()),
                eq(VERSION, version)),
            Updates.combine(
                Updates.set(REVIEW, review.name()),
                Updates.set(REVIEWER, reviewer),
                Updates.set(REVIEWED, Date.from(at)),
                Updates.set(NOTE, freeText.seal(declarations.tenant(), note)),
                Updates.set(VERSION, version + 1),
                Updates.set(WriteIntent.STAMP, intent.id())))
        .map(this::read);
  }

  private EmergencyDeclaration read(Document d) {
    TenantId tenant = declarations.tenant();
    return new EmergencyDeclaration(
        new DeclarationId(d.getString(ID)),
        new PatientId(d.getString(PATIENT)),
        d.getString(ISSUER),
        d.getString(SUBJECT),
        EmergencyReason.valueOf(d.getString(REASON)),
        freeText.open(tenant, d.get(JUSTIFICATION)),
        d.getDate(DECLARED).toInstant(),
        d.getDate(EXPIRES).toInstant(),
        d.getBoolean(WRITES, false),
        EmergencyReview.valueOf(d.getString(REVIEW)),
        Optional.ofNullable(d.getString(REVIEWER)),
        Optional.ofNullable(d.getDate(REVIEWED)).map(Date::toInstant),
        Optional.ofNullable(freeText.open(tenant, d.get(NOTE))));
  }

  /** Removes every declaration of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return collections
        .forMaintenance(StoredCollection.EMERGENCY_ACCESS, tenant)
        .deleteMany(new Document());
  }
}
