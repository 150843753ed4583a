package org.phirecords.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.IndexModel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class IndexCatalogTest {
  @Test
  void everyIndexOnTenantDataStartsWithTenantId() {
    IndexCatalog.indexes()
        .forEach(
            (collection, indexes) -> {
              assertThat(collection).isNotEqualTo(StoredCollection.TENANTS);
              indexes.forEach(
                  index ->
                      assertThat(index.getKeys().toBsonDocument().getFirstKey())
                          .as("first key of %s on %s", index.getOptions().getName(), collection)
                          .isEqualTo(TenantScopedCollection.TENANT));
            });
  }

  @Test
  void everyCollectionHoldingTenantDataHasIndexes() {
    assertThat(IndexCatalog.indexes())
        .containsOnlyKeys(
            StoredCollection.PATIENTS,
            StoredCollection.PATIENT_LINKS,
            StoredCollection.PATIENT_INVITATIONS,
            StoredCollection.MEMBERSHIPS,
            StoredCollection.CARE_TEAMS,
            StoredCollection.PROXY_GRANTS,
            StoredCollection.ORGANISATIONS,
            StoredCollection.GRANTS,
            StoredCollection.EMERGENCY_ACCESS,
            StoredCollection.SESSION_REVOCATIONS,
            StoredCollection.CLINICAL_ENTRIES,
            StoredCollection.AMENDMENTS,
            StoredCollection.AUDIT_EVENTS,
            StoredCollection.IMPORT_JOBS,
            StoredCollection.EXPORT_JOBS,
            StoredCollection.EXPORT_PARTS,
            StoredCollection.ANALYTICS_FACTS,
            StoredCollection.ANALYTICS_QUERIES,
            StoredCollection.ANALYTICS_SAVED_QUERIES,
            StoredCollection.BULK_IMPORT_JOBS,
            StoredCollection.BULK_IMPORT_CHUNKS,
            StoredCollection.DISCLOSURES,
            StoredCollection.DATASET_RELINKS);
  }

  /**
   * Keyset paging (ADR 19) seeks in an index only if one holds, after {@code tenantId}, the list's
   * equality fields and then its sort fields in the same directions (or all reversed).
   */
  private static boolean served(StoredCollection collection, List<String> equal, Document sort) {
    for (IndexModel index : IndexCatalog.indexes().get(collection)) {
      List<Map.Entry<String, BsonValue>> keys =
          List.copyOf(index.getKeys().toBsonDocument().entrySet());
      List<String> names = keys.stream().map(Map.Entry::getKey).toList();
      int prefix = 1 + equal.size();
      if (names.size() < prefix + sort.size()
          || !names.get(0).equals(TenantScopedCollection.TENANT)
          || !new HashSet<>(names.subList(1, prefix)).equals(new HashSet<>(equal))) {
        continue;
      }
      List<String> sortNames = List.copyOf(sort.keySet());
      boolean same = true;
      boolean reversed = true;
      for (int i = 0; i < sortNames.size(); i++) {
        Map.Entry<String, BsonValue> key = keys.get(prefix + i);
        int direction = ((Number) sort.get(sortNames.get(i))).intValue();
        int indexed = key.getValue().asNumber().intValue();
        if (!key.getKey().equals(sortNames.get(i))) {
          same = reversed = false;
          break;
        }
        same &= indexed == direction;
        reversed &= indexed == -direction;
      }
      if (same || reversed) {
        return true;
      }
    }
    return false;
  }

  @Test
  void everyPagedListIsServedByAnIndexThatStartsWithTenantId() {
    assertThat(
            served(
                StoredCollection.CLINICAL_ENTRIES,
                List.of("patientId"),
                new Document("effectiveDate", -1).append("recordId", 1).append("version", -1)))
        .as("a patient's entries")
        .isTrue();
    assertThat(
            served(
                StoredCollection.CLINICAL_ENTRIES, List.of("recordId"), new Document("version", 1)))
        .as("an entry's versions")
        .isTrue();
    assertThat(
            served(
                StoredCollection.AMENDMENTS,
                List.of("patientId"),
                new Document("requestedAt", -1).append("amendmentId", -1)))
        .as("a patient's amendment requests")
        .isTrue();
    assertThat(served(StoredCollection.AUDIT_EVENTS, List.of("patientId"), new Document("seq", -1)))
        .as("access history, and audit search by patient")
        .isTrue();
    assertThat(served(StoredCollection.AUDIT_EVENTS, List.of(), new Document("seq", 1)))
        .as("audit search")
        .isTrue();
    assertThat(served(StoredCollection.PATIENTS, List.of("nameDob"), new Document("patientId", 1)))
        .as("name search")
        .isTrue();
    assertThat(
            served(
                StoredCollection.MEMBERSHIPS,
                List.of("patientId"),
                new Document("membershipId", 1)))
        .as("a patient's memberships")
        .isTrue();
    assertThat(served(StoredCollection.ORGANISATIONS, List.of(), new Document("organisationId", 1)))
        .as("the organisations")
        .isTrue();
    assertThat(
            served(
                StoredCollection.AMENDMENTS,
                List.of("patientId"),
                new Document("amendmentId", -1).append("requestedAt", -1)))
        .as("the check itself: a sort in another field order is not served")
        .isFalse();
  }
}
