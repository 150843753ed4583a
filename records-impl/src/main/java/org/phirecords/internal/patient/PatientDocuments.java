package org.phirecords.internal.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import org.bson.Document;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.MergedRecordException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.store.SchemaVersion;
import org.phirecords.model.Address;
import org.phirecords.model.Mrn;
import org.phirecords.model.Patient;
import org.phirecords.model.PatientData;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/** Maps identity data to and from documents of the {@code patients} collection. */
public final class PatientDocuments {
  static final String ID = "patientId";
  static final String VERSION = "version";
  static final String MRN = "mrn";

  /**
   * On a registration marked entered-in-error (ADR 36): who marked it ({@code by}, the subject) and
   * when ({@code at}); absent otherwise. Plain, so that reads leave such patients out in the query.
   */
  static final String ENTERED_IN_ERROR = "enteredInError";

  /**
   * On a registration merged into another (ADR 36): {@code survivor}, {@code mergeId}, who merged
   * ({@code by}), when ({@code at}) and until when it can be undone ({@code undoUntil}).
   */
  static final String MERGED_INTO = "mergedInto";

  /** On a patient written by an import transaction: its id, until recovery can roll it back. */
  public static final String IMPORT_TX = "importTx";

  private PatientDocuments() {}

  /**
   * The stored form of a new patient of {@code tenant}, version 1: identity fields sealed by {@code
   * protection}, ready for the tenant-scoped insert (which adds the tenant). The one place a new
   * patient document is made, whether by {@link MongoPatientDirectory#create} or by the benchmark's
   * bulk loader.
   */
  public static Document newRecord(
      IdentityProtection protection, TenantId tenant, PatientId id, PatientData data, Instant now) {
    Document doc =
        new Document(ID, id.value())
            .append(VERSION, 1L)
            .append(SchemaVersion.FIELD, SchemaVersion.CURRENT);
    doc.putAll(protection.seal(tenant, fields(data)));
    return doc.append("updatedAt", Date.from(now));
  }

  /** The identity fields of {@code data}, absent optional fields as nulls. */
  static Document fields(PatientData data) {
    Address a = data.address();
    Document address =
        a == null
            ? null
            : new Document("line", a.line())
                .append("city", a.city())
                .append("state", a.state())
                .append("postalCode", a.postalCode())
                .append("country", a.country());
    return new Document(MRN, data.mrn().value())
        .append("givenName", data.givenName())
        .append("familyName", data.familyName())
        .append("birthDate", data.birthDate().toString())
        .append("sex", data.sex())
        .append("ssn", data.ssn())
        .append("memberId", data.memberId())
        .append("address", address)
        .append("phone", data.phone())
        .append("email", data.email());
  }

  static Patient toPatient(Document doc) {
    Document a = doc.get("address", Document.class);
    Address address =
        a == null
            ? null
            : new Address(
                a.getString("line"),
                a.getString("city"),
                a.getString("state"),
                a.getString("postalCode"),
                a.getString("country"));
    PatientData data =
        new PatientData(
            new Mrn(doc.getString(MRN)),
            doc.getString("givenName"),
            doc.getString("familyName"),
            LocalDate.parse(doc.getString("birthDate")),
            doc.getString("sex"),
            doc.getString("ssn"),
            doc.getString("memberId"),
            address,
            doc.getString("phone"),
            doc.getString("email"));
    Date updated = doc.getDate("updatedAt");
    return new Patient(
        new PatientId(doc.getString(ID)),
        data,
        doc.get(VERSION, Number.class).longValue(),
        updated == null ? Instant.EPOCH : updated.toInstant());
  }

  /**
   * The answer to a read of a registration no longer in force, given its {@link
   * PatientRepository#state}: 410 naming the survivor if merged, else 410 entered-in-error.
   */
  static RecordsException gone(Document state) {
    Document merged = state.get(MERGED_INTO, Document.class);
    return merged != null
        ? new MergedRecordException(new PatientId(merged.getString("survivor")))
        : new RecordsException(ErrorCode.ENTERED_IN_ERROR);
  }

  /** Whether the registration of {@code state} is neither entered-in-error nor merged. */
  static boolean inForce(Document state) {
    return !state.containsKey(ENTERED_IN_ERROR) && !state.containsKey(MERGED_INTO);
  }
}
