package org.phirecords.internal.clinical;

import static com.mongodb.client.model.Filters.eq;

import org.bson.Document;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.integrity.RecordRewrites;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;

/** The migration of clinical free text written in plaintext before ADR 15 to its sealed form. */
public final class ClinicalFreeTextBackfill {
  private ClinicalFreeTextBackfill() {}

  /**
   * Seals in place the free text that versions of {@code tenant} still hold in plaintext (written
   * before free text was encrypted, ADR 15), reading {@code batch} versions at a time; how many
   * versions were sealed. Idempotent.
   */
  public static long run(
      TenantCollections collections,
      TenantId tenant,
      FreeTextProtection freeText,
      RecordRewrites rewrites,
      int batch) {
    TenantScopedCollection entries = ClinicalRepository.maintained(collections, tenant);
    long[] sealed = {0};
    entries.forEachInBatches(
        batch,
        version -> {
          Document set = ClinicalDocuments.plaintextSealed(version, t -> freeText.seal(tenant, t));
          if (!set.isEmpty()) {
            // Sealed anew only if it held before: a rewrite never launders a change at rest.
            Document changed = new Document(version);
            changed.putAll(set);
            rewrites
                .sealed(
                    ClinicalRepository.COLLECTION,
                    tenant,
                    version.getString(ClinicalDocuments.ID),
                    version.getString(ClinicalDocuments.PATIENT),
                    Permission.CLINICAL_UPDATE,
                    "DataKeyRotation.sealFreeText",
                    version,
                    changed)
                .ifPresent(set::putAll);
          }
          if (!set.isEmpty()
              && entries
                  .findOneAndUpdate(eq("_id", version.get("_id")), new Document("$set", set))
                  .isPresent()) {
            sealed[0]++;
          }
        });
    return sealed[0];
  }
}
