package org.phirecords.internal.audit.trail;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.model.Projections;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.internal.integrity.RecordSeals;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.TenantId;

/**
 * Concludes a batch of writes a crash left open (ADR 34), as {@link AuditReconciler} concludes a
 * single write: its open intent lists the ids it was to write, and a record proves its entry took
 * effect when it is stored at version 1 stamped with that entry's id. Entries whose outcome the
 * trail already holds (a crash while concluding) are not recorded twice.
 */
final class BatchReconciliation {
  private BatchReconciliation() {}

  /** Records the outcome of the claimed {@code batch} ({@code intent}); whether any took effect. */
  static boolean conclude(
      TenantCollections collections, AuditTrail trail, Document intent, WriteIntent batch) {
    List<String> ids = intent.getList(WriteIntent.ENTRIES, String.class, List.of());
    List<String> patients = intent.getList(WriteIntent.PATIENTS, String.class, ids);
    String tenant = intent.getString("tenantId");
    List<String> stamps = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      stamps.add(batch.entry(i, ids.get(i), patients.get(i)).id());
    }
    Set<String> recorded = new HashSet<>();
    Map<String, Document> stored = new HashMap<>();
    if (tenant != null && !ids.isEmpty()) {
      collections
          .auditLog()
          .find(and(eq("tenantId", tenant), in("intentId", stamps)))
          .projection(Projections.include("intentId"))
          .forEach(e -> recorded.add(e.getString("intentId")));
      String idField = intent.getString("idField");
      collections
          .forMaintenance(
              StoredCollection.valueOf(intent.getString("collection")), new TenantId(tenant))
          .find(
              in(idField, ids),
              Projections.include(idField, "version", WriteIntent.STAMP, RecordSeals.FIELD),
              null,
              0)
          .forEach(d -> stored.put(d.getString(idField), d));
    }
    List<WriteIntent.Entry> written = new ArrayList<>();
    boolean tookEffect = false;
    for (int i = 0; i < ids.size(); i++) {
      Document doc = stored.get(ids.get(i));
      boolean proven =
          doc != null
              && stamps.get(i).equals(doc.getString(WriteIntent.STAMP))
              && doc.get("version", Number.class).longValue() == 1L;
      tookEffect |= proven;
      if (proven && !recorded.contains(stamps.get(i))) {
        written.add(
            new WriteIntent.Entry(
                i, ids.get(i), patients.get(i), doc.get(RecordSeals.FIELD, Document.class)));
      }
    }
    trail.concludeBatchClaimed(
        batch, written, 0, tookEffect ? AuditOutcome.SUCCESS : AuditOutcome.ERROR);
    return tookEffect;
  }
}
