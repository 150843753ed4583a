package org.phirecords.internal.patient;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Projections.fields;
import static com.mongodb.client.model.Projections.include;
import static com.mongodb.client.model.Sorts.ascending;
import static org.phirecords.internal.patient.PatientDocuments.ID;
import static org.phirecords.internal.patient.PatientDocuments.VERSION;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.integration.IntegrationEventType;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.integrity.RecordSeals;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.security.AccessScope;
import org.phirecords.internal.store.SchemaVersion;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.Mrn;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * The {@code patients} collection: the only code that touches it. Reads and writes go through the
 * operation's scoped handle, identity fields sealed and opened under the tenant's data key.
 */
public final class PatientRepository {
  /** The collection's name, as sealed into each record's digest. */
  public static final String COLLECTION = StoredCollection.PATIENTS.collectionName();

  private static final List<String> BILLING_FIELDS =
      List.of(ID, "givenName", "familyName", "birthDate", "memberId");

  /**
   * Registrations neither marked entered-in-error nor merged (ADR 36): every read adds it, a
   * residual filter on reads served by the unique indexes (tenant, patient) and (tenant, MRN) or
   * the name index.
   */
  static final Bson IN_FORCE =
      new Document(PatientDocuments.ENTERED_IN_ERROR, new Document("$exists", false))
          .append(PatientDocuments.MERGED_INTO, new Document("$exists", false));

  private final Operation op;
  private final TenantScopedCollection patients;
  private final IdentityProtection protection;

  /** The patients within reach of {@code op}. */
  public PatientRepository(Operation op, IdentityProtection protection) {
    this.op = op;
    this.patients = op.handle(StoredCollection.PATIENTS);
    this.protection = protection;
  }

  /**
   * The stored form of a new patient, identity fields sealed (before anything is announced, so a
   * key vault outage leaves no intent behind).
   */
  public Document sealed(PatientId id, PatientData data, Instant now) {
    return PatientDocuments.newRecord(protection, patients.tenant(), id, data, now);
  }

  /** The sealed identity fields of {@code data}, for {@link #replace}. */
  public Document sealedFields(PatientData data) {
    return protection.seal(patients.tenant(), PatientDocuments.fields(data));
  }

  /**
   * Announces a write of version {@code version} of patient {@code id} (ADR 3) that publishes
   * {@code event} once it succeeded (ADR 35), naming {@code related} (a merge's other patient) or
   * null.
   */
  public WriteIntent announce(
      PatientId id, long version, IntegrationEventType event, PatientId related) {
    return op.emitting(event, related == null ? null : related.value())
        .intend(StoredCollection.PATIENTS, ID, id.value(), id.value(), version);
  }

  /** A patient as written, and the digest it was stored with (ADR 23). */
  public record Written(Patient patient, Document seal) {}

  /**
   * Stores a {@link #sealed} new patient, stamped with {@code intent} and its digest; throws on a
   * duplicate MRN. Returns the digest.
   */
  public Document insert(Document sealed, WriteIntent intent) {
    return insert(sealed, intent, null, null);
  }

  /**
   * As above, the patient stored at once with its {@code reach} entries (registered at an
   * organisation, ADR 27) and its care {@code team} (ADR 30), each absent if null.
   */
  public Document insert(
      Document sealed, WriteIntent intent, List<Document> reach, List<String> team) {
    sealed.append(WriteIntent.STAMP, intent.id());
    Document seal = seal(sealed.getString(ID), 1L, sealed);
    patients.insertReached(sealed.append(RecordSeals.FIELD, seal), reach, team);
    return seal;
  }

  /** Announces a batch of new patients {@code ids}, version 1 (ADR 34). */
  public WriteIntent announceBatch(List<String> ids) {
    return op.emitting(IntegrationEventType.PATIENT_REGISTERED)
        .intendBatch(StoredCollection.PATIENTS, ID, ids, null);
  }

  /** The scoped handle, for {@link PatientBatches}' one insert (ADR 34). */
  TenantScopedCollection handle() {
    return patients;
  }

  /**
   * Replaces the identity fields of version {@code expectedVersion} with {@code sealedFields},
   * stamped with {@code intent}, the current format (ADR 52) and the new version's digest; empty if
   * the patient is missing or at another version. Throws on a duplicate MRN.
   */
  public Optional<Written> replace(
      PatientId id, long expectedVersion, Document sealedFields, WriteIntent intent) {
    long next = expectedVersion + 1;
    Document set =
        sealedFields
            .append("updatedAt", new Date())
            .append(SchemaVersion.FIELD, SchemaVersion.CURRENT)
            .append(WriteIntent.STAMP, intent.id());
    // The whole document after the update: the id and version, and every field the $set holds.
    Document after = new Document(ID, id.value()).append(VERSION, next);
    after.putAll(set);
    Document seal = seal(id.value(), next, after);
    return patients
        .findOneAndUpdate(
            and(eq(ID, id.value()), eq(VERSION, expectedVersion), IN_FORCE),
            new Document("$set", set.append(RecordSeals.FIELD, seal))
                .append("$inc", new Document(VERSION, 1L)))
        .map(stored -> new Written(open(stored), sealedAsStored(id, next, stored, seal, intent)));
  }

  /**
   * {@code seal}, if it holds for {@code stored}; else (a document kept fields from before, which
   * the $set does not name) the digest of {@code stored}, written in place of it.
   */
  private Document sealedAsStored(
      PatientId id, long version, Document stored, Document seal, WriteIntent intent) {
    if (op.seals().check(COLLECTION, patients.tenant(), id.value(), version, stored).isEmpty()) {
      return seal;
    }
    Document resealed = seal(id.value(), version, stored);
    patients.findOneAndUpdate(
        and(eq(ID, id.value()), eq(VERSION, version), eq(WriteIntent.STAMP, intent.id())),
        new Document("$set", new Document(RecordSeals.FIELD, resealed)));
    return resealed;
  }

  Document seal(String id, long version, Document stored) {
    return op.seals().seal(COLLECTION, patients.tenant(), id, version, stored);
  }

  /** The patient {@code id}, if within reach. */
  public Optional<Patient> byId(PatientId id) {
    return patients.findOne(and(eq(ID, id.value()), IN_FORCE), null, null).map(this::open);
  }

  /** The patients within reach of {@code op}, for {@link MergedRegistrations}' one query. */
  static TenantScopedCollection handle(Operation op) {
    return op.handle(StoredCollection.PATIENTS);
  }

  /** The patient with {@code mrn}, if within reach (a deterministic ciphertext lookup). */
  public Optional<Patient> byMrn(Mrn mrn) {
    return patients
        .findOne(
            and(
                protection.matching(patients.tenant(), PatientDocuments.MRN, mrn.value()),
                IN_FORCE),
            null,
            null)
        .map(this::open);
  }

  /**
   * The state (as {@link PatientMarks#state}) of the registration with {@code mrn} within reach if
   * it was merged into another (ADR 36): its MRN answers like its id, naming the survivor.
   */
  public Optional<Document> mergedByMrn(Mrn mrn) {
    return patients.findOne(
        and(
            protection.matching(patients.tenant(), PatientDocuments.MRN, mrn.value()),
            new Document(PatientDocuments.MERGED_INTO, new Document("$exists", true))),
        include(ID, VERSION, PatientDocuments.MERGED_INTO),
        null);
  }

  /**
   * Up to {@code max} patients with that family name (case and accents ignored) and birth date, by
   * patient id, after patient {@code after} if given; served by the index (tenant, nameDob, id).
   */
  public List<Patient> byNameAndBirthDate(
      String familyName, LocalDate birthDate, Optional<PatientId> after, int max) {
    Bson matching =
        and(
            protection.matchingNameDob(patients.tenant(), familyName, birthDate.toString()),
            IN_FORCE);
    return patients
        .find(
            after.map(p -> and(matching, gt(ID, p.value()))).orElse(matching),
            null,
            ascending(ID),
            max)
        .stream()
        .map(this::open)
        .toList();
  }

  /** Up to {@code max} patients in reach by id, after {@code after} if given (bulk export). */
  public List<Patient> page(Optional<PatientId> after, int max) {
    Bson from = after.map(a -> gt(ID, a.value())).orElse(new Document());
    return patients.find(from, null, ascending(ID), max).stream().map(this::open).toList();
  }

  /** How many patients are in reach (bulk export's progress, ADR 38). */
  public long count() {
    return patients.count(new Document());
  }

  /** Whether patient {@code id} exists within reach. */
  public boolean exists(PatientId id) {
    return patients.exists(and(eq(ID, id.value()), IN_FORCE));
  }

  /** The billing view of patient {@code id}'s identity, projected in the query. */
  public Optional<BillingIdentity> billingIdentity(PatientId id) {
    return patients
        .findOne(and(eq(ID, id.value()), IN_FORCE), fields(include(BILLING_FIELDS)), null)
        .map(doc -> protection.open(patients.tenant(), doc))
        .map(
            d ->
                new BillingIdentity(
                    d.getString("givenName"),
                    d.getString("familyName"),
                    LocalDate.parse(d.getString("birthDate")),
                    d.getString("memberId")));
  }

  private Patient open(Document doc) {
    return PatientDocuments.toPatient(protection.open(patients.tenant(), doc));
  }

  /**
   * Requires {@code patient} to exist within the reach of {@code op}, and a patient user to name
   * only their own record; anything else (another tenant's record too) is audited and answers the
   * same 404 as a missing one.
   */
  public static void requireReachable(Operation op, PatientId patient) {
    boolean reachable =
        (!AccessScope.ownRecordOnly(op.caller(), op.permission())
                || op.caller().linkedPatient().map(patient::equals).orElse(false))
            && op.handle(StoredCollection.PATIENTS).exists(and(eq(ID, patient.value()), IN_FORCE));
    if (!reachable) {
      throw op.notFound(null, patient.value());
    }
  }

  /** Those of {@code patients} {@link #requireReachable} lets through, in one read (ADR 40). */
  public static java.util.Set<String> reachable(Operation op, List<String> patients) {
    java.util.Set<String> found = new java.util.HashSet<>();
    op.handle(StoredCollection.PATIENTS)
        .find(
            and(com.mongodb.client.model.Filters.in(ID, patients), IN_FORCE), include(ID), null, 0)
        .forEach(d -> found.add(d.getString(ID)));
    if (AccessScope.ownRecordOnly(op.caller(), op.permission())) {
      found.removeIf(p -> !op.caller().linkedPatient().map(l -> l.value().equals(p)).orElse(false));
    }
    return found;
  }

  /**
   * Whether registration {@code patient}, within the reach of {@code op}, is marked
   * entered-in-error (ADR 36): reads of its entries by id answer as it does (ADR 42).
   */
  public static boolean enteredInError(Operation op, PatientId patient) {
    return op.handle(StoredCollection.PATIENTS)
        .exists(
            and(
                eq(ID, patient.value()),
                new Document(PatientDocuments.ENTERED_IN_ERROR, new Document("$exists", true))));
  }

  /** Whether a patient {@code patientId} exists in another tenant than {@code tenant}. */
  public static boolean existsOutside(
      TenantCollections collections, String patientId, TenantId tenant) {
    return collections.existsOutside(StoredCollection.PATIENTS, ID, patientId, tenant);
  }

  /** All of {@code tenant}'s patients, for maintenance (data key rotation). */
  public static TenantScopedCollection forMaintenance(
      TenantCollections collections, TenantId tenant) {
    return collections.forMaintenance(StoredCollection.PATIENTS, tenant);
  }
}
