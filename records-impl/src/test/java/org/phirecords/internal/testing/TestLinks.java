package org.phirecords.internal.testing;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import org.bson.Document;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.security.Caller;

/** Stores a patient caller's link directly, for tests whose subject is not the linking itself. */
final class TestLinks {
  private TestLinks() {}

  /** Links {@code caller} (issuer, subject) to the record it names, replacing any other link. */
  static void link(TenantCollections collections, Caller caller) {
    TenantScopedCollection links =
        collections.forMaintenance(StoredCollection.PATIENT_LINKS, caller.tenant().orElseThrow());
    links.deleteMany(and(eq("issuer", caller.issuer()), eq("subject", caller.subject())));
    links.insertOne(
        new Document("issuer", caller.issuer())
            .append("subject", caller.subject())
            .append("patientId", caller.linkedPatient().orElseThrow().value()));
  }
}
