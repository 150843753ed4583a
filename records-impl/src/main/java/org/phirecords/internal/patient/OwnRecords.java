package org.phirecords.internal.patient;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Projections.include;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * The record a patient user's link leads to once registrations were merged (ADR 42): the link stays
 * as redeemed, and is followed at each request. A link to a merged registration leads to its
 * survivor; the record reached then includes every registration merged into it, so the user sees
 * their own data wherever it was recorded. An undo removes the mark, so the same link leads back to
 * the registration it names, with nothing rewritten.
 */
public final class OwnRecords {
  private static final String SURVIVOR = PatientDocuments.MERGED_INTO + ".survivor";

  private OwnRecords() {}

  /**
   * The record a link to {@code linked} leads to, and the registrations merged into it.
   *
   * @param record the linked registration, or its survivor if it was merged
   * @param merged the registrations merged into {@code record}, possibly empty
   */
  public record Own(PatientId record, List<PatientId> merged) {
    /** Copies. */
    public Own {
      merged = List.copyOf(merged);
    }
  }

  /**
   * Follows a link to {@code linked} in {@code tenant}: one read by the unique id and the sparse
   * survivor index, a second only when the linked registration was merged. Merges do not chain (ADR
   * 36), so one step is enough.
   */
  public static Own of(TenantCollections collections, TenantId tenant, PatientId linked) {
    TenantScopedCollection patients = PatientRepository.forMaintenance(collections, tenant);
    List<Document> found = around(patients, linked);
    Optional<String> survivor =
        found.stream()
            .filter(d -> linked.value().equals(d.getString(PatientDocuments.ID)))
            .map(d -> d.get(PatientDocuments.MERGED_INTO, Document.class))
            .filter(m -> m != null)
            .map(m -> m.getString("survivor"))
            .findFirst();
    PatientId record = survivor.map(PatientId::new).orElse(linked);
    if (survivor.isPresent()) {
      found = around(patients, record);
    }
    List<PatientId> merged = new ArrayList<>();
    for (Document d : found) {
      Document into = d.get(PatientDocuments.MERGED_INTO, Document.class);
      if (into != null && record.value().equals(into.getString("survivor"))) {
        merged.add(new PatientId(d.getString(PatientDocuments.ID)));
      }
    }
    return new Own(record, merged);
  }

  /** {@code patient}'s own state and the registrations merged into it. */
  private static List<Document> around(TenantScopedCollection patients, PatientId patient) {
    return patients.find(
        or(eq(PatientDocuments.ID, patient.value()), eq(SURVIVOR, patient.value())),
        include(PatientDocuments.ID, PatientDocuments.MERGED_INTO),
        null,
        0);
  }
}
