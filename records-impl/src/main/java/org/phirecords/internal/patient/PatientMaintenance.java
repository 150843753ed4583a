package org.phirecords.internal.patient;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import java.util.List;
import org.bson.Document;
import org.phirecords.internal.integrity.StoredRecords;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * Writes to a tenant's patients outside any caller's operation: derived reach and care teams, the
 * integrity pass, an import's rollback, offboarding. All through {@link
 * PatientRepository#forMaintenance}.
 */
public final class PatientMaintenance {
  private PatientMaintenance() {}

  /**
   * Sets which organisations, over which periods, reach patient {@code patient} of {@code tenant}
   * (ADR 27): derived from its memberships by their repository, never from a request.
   */
  public static void setReach(
      TenantCollections collections, TenantId tenant, PatientId patient, List<Document> entries) {
    PatientRepository.forMaintenance(collections, tenant).setReach(patient.value(), entries);
  }

  /**
   * Sets who is on the care team of patient {@code patient} of {@code tenant} (ADR 30): derived
   * from its places by their repository, never from a request.
   */
  public static void setCareTeam(
      TenantCollections collections, TenantId tenant, PatientId patient, List<String> subjects) {
    PatientRepository.forMaintenance(collections, tenant).setCareTeam(patient.value(), subjects);
  }

  /** The stored patients of {@code tenant}, for the integrity pass (ADR 23). */
  public static StoredRecords sealedRecords(TenantCollections collections, TenantId tenant) {
    return new StoredRecords(
        PatientRepository.COLLECTION,
        PatientDocuments.ID,
        PatientRepository.forMaintenance(collections, tenant));
  }

  /**
   * Removes the patients {@code ids} of {@code tenant} written by the import transaction {@code
   * importTx}, and no other (rolling it back, ADR 37); how many.
   */
  public static long rollBackImport(
      TenantCollections collections, TenantId tenant, List<String> ids, String importTx) {
    return PatientRepository.forMaintenance(collections, tenant)
        .deleteMany(and(in(PatientDocuments.ID, ids), eq(PatientDocuments.IMPORT_TX, importTx)));
  }

  /**
   * Patient {@code patient} of {@code tenant} opened by {@code protection}, if in force: for the
   * analytics projection (ADR 43), which keeps only generalised values of it.
   */
  public static java.util.Optional<org.phirecords.model.Patient> opened(
      TenantCollections collections,
      org.phirecords.internal.crypto.IdentityProtection protection,
      TenantId tenant,
      PatientId patient) {
    return PatientRepository.forMaintenance(collections, tenant)
        .findOne(
            and(eq(PatientDocuments.ID, patient.value()), PatientRepository.IN_FORCE), null, null)
        .map(d -> PatientDocuments.toPatient(protection.open(tenant, d)));
  }

  /** As {@link #opened}, for each of {@code patients} in force, in one read; by id. */
  public static java.util.Map<String, org.phirecords.model.Patient> opened(
      TenantCollections collections,
      org.phirecords.internal.crypto.IdentityProtection protection,
      TenantId tenant,
      List<String> patients) {
    java.util.Map<String, org.phirecords.model.Patient> found = new java.util.HashMap<>();
    PatientRepository.forMaintenance(collections, tenant)
        .find(and(in(PatientDocuments.ID, patients), PatientRepository.IN_FORCE), null, null, 0)
        .forEach(
            d ->
                found.put(
                    d.getString(PatientDocuments.ID),
                    PatientDocuments.toPatient(protection.open(tenant, d))));
    return found;
  }

  /**
   * The registration whose identity counts for the entries of {@code patient} in analytics (ADR
   * 45), opened: itself if in force, else the survivor it was merged into if that is in force. One
   * read unless {@code patient} was merged.
   */
  public static java.util.Optional<org.phirecords.model.Patient> counted(
      TenantCollections collections,
      org.phirecords.internal.crypto.IdentityProtection protection,
      TenantId tenant,
      PatientId patient) {
    java.util.Optional<Document> found =
        PatientRepository.forMaintenance(collections, tenant)
            .findOne(eq(PatientDocuments.ID, patient.value()), null, null);
    if (found.isPresent() && PatientDocuments.inForce(found.get())) {
      return found.map(d -> PatientDocuments.toPatient(protection.open(tenant, d)));
    }
    return found
        .map(d -> d.get(PatientDocuments.MERGED_INTO, Document.class))
        .flatMap(
            into ->
                opened(collections, protection, tenant, new PatientId(into.getString("survivor"))));
  }

  /** {@code patient} and the registrations merged into it (ADR 36), outside any operation. */
  public static List<PatientId> withMerged(
      TenantCollections collections, TenantId tenant, PatientId patient) {
    List<PatientId> all = new java.util.ArrayList<>(List.of(patient));
    PatientRepository.forMaintenance(collections, tenant)
        .find(
            eq(PatientDocuments.MERGED_INTO + ".survivor", patient.value()),
            com.mongodb.client.model.Projections.include(PatientDocuments.ID),
            null,
            0)
        .forEach(d -> all.add(new PatientId(d.getString(PatientDocuments.ID))));
    return all;
  }

  /** Removes every patient of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return PatientRepository.forMaintenance(collections, tenant).deleteMany(new Document());
  }
}
