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
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.security.AccessScope;
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
  private static final List<String> BILLING_FIELDS =
      List.of(ID, "givenName", "familyName", "birthDate", "memberId");

  private final Operation op;
  private final TenantScopedCollection patients;
  private final IdentityProtection protection;

  /** The patients within reach of {@code op}. */
  public PatientRepository(Operation op, IdentityProtection protection) {
    this.op = op;
    this.patients = op.handle(StoredCollection.PATIENTS);
    this.protection = protection;
  }

  /** What billing may see of a patient's identity (minimum necessary). */
  public record BillingIdentity(
      String givenName, String familyName, LocalDate birthDate, String memberId) {}

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

  /** Announces a write of version {@code version} of patient {@code id} (ADR 3). */
  public WriteIntent announce(PatientId id, long version) {
    return op.intend(StoredCollection.PATIENTS, ID, id.value(), id.value(), version);
  }

  /**
   * Stores a {@link #sealed} new patient, stamped with {@code intent}; throws on a duplicate MRN.
   */
  public void insert(Document sealed, WriteIntent intent) {
    patients.insertOne(sealed.append(WriteIntent.STAMP, intent.id()));
  }

  /**
   * Replaces the identity fields of version {@code expectedVersion} with {@code sealedFields},
   * stamped with {@code intent}; empty if the patient is missing or at another version. Throws on a
   * duplicate MRN.
   */
  public Optional<Patient> replace(
      PatientId id, long expectedVersion, Document sealedFields, WriteIntent intent) {
    Document set =
        sealedFields.append("updatedAt", new Date()).append(WriteIntent.STAMP, intent.id());
    return patients
        .findOneAndUpdate(
            and(eq(ID, id.value()), eq(VERSION, expectedVersion)),
            new Document("$set", set).append("$inc", new Document(VERSION, 1L)))
        .map(this::open);
  }

  /** The patient {@code id}, if within reach. */
  public Optional<Patient> byId(PatientId id) {
    return patients.findOne(eq(ID, id.value()), null, null).map(this::open);
  }

  /** The patient with {@code mrn}, if within reach (a deterministic ciphertext lookup). */
  public Optional<Patient> byMrn(Mrn mrn) {
    return patients
        .findOne(
            protection.matching(patients.tenant(), PatientDocuments.MRN, mrn.value()), null, null)
        .map(this::open);
  }

  /**
   * Up to {@code max} patients with that family name (case and accents ignored) and birth date, by
   * patient id, after patient {@code after} if given; served by the index (tenant, nameDob, id).
   */
  public List<Patient> byNameAndBirthDate(
      String familyName, LocalDate birthDate, Optional<PatientId> after, int max) {
    Bson matching = protection.matchingNameDob(patients.tenant(), familyName, birthDate.toString());
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

  /** Whether patient {@code id} exists within reach. */
  public boolean exists(PatientId id) {
    return patients.exists(eq(ID, id.value()));
  }

  /** The billing view of patient {@code id}'s identity, projected in the query. */
  public Optional<BillingIdentity> billingIdentity(PatientId id) {
    return patients
        .findOne(eq(ID, id.value()), fields(include(BILLING_FIELDS)), null)
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
            && op.handle(StoredCollection.PATIENTS).exists(eq(ID, patient.value()));
    if (!reachable) {
      throw op.notFound(null, patient.value());
    }
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

  /** Removes every patient of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return forMaintenance(collections, tenant).deleteMany(new Document());
  }
}
