package org.phirecords.internal.patient;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Projections.include;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.phirecords.internal.operation.Operation;
import org.phirecords.model.PatientId;

/** Which registrations a read of one patient's record includes once merges happened (ADR 36). */
public final class MergedRegistrations {
  private MergedRegistrations() {}

  /**
   * {@code patient} and the registrations merged into it within reach of {@code op} (ADR 36): whose
   * entries, amendment requests and access history its reads include. Served by the indexes
   * (tenant, _id) and (tenant, mergedInto.survivor).
   */
  public static List<PatientId> linked(Operation op, PatientId patient) {
    return registrations(op, patient, false);
  }

  /**
   * As {@link #linked} for a read of a whole record (the bulk export, ADR 38), and none if {@code
   * patient} is itself merged: its entries show under its survivor and must not be read twice.
   */
  public static List<PatientId> entryOwners(Operation op, PatientId patient) {
    return registrations(op, patient, true);
  }

  private static List<PatientId> registrations(
      Operation op, PatientId patient, boolean noneIfMerged) {
    String survivor = PatientDocuments.MERGED_INTO + ".survivor";
    List<PatientId> all = new ArrayList<>(List.of(patient));
    for (Document d :
        PatientRepository.handle(op)
            .find(
                or(eq(PatientDocuments.ID, patient.value()), eq(survivor, patient.value())),
                include(PatientDocuments.ID, survivor),
                null,
                0)) {
      if (!d.getString(PatientDocuments.ID).equals(patient.value())) {
        all.add(new PatientId(d.getString(PatientDocuments.ID)));
      } else if (noneIfMerged && d.containsKey(PatientDocuments.MERGED_INTO)) {
        return List.of();
      }
    }
    return all;
  }
}
