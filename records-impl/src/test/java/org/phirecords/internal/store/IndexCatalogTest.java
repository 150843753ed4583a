package org.phirecords.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

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
            StoredCollection.SESSION_REVOCATIONS,
            StoredCollection.CLINICAL_ENTRIES,
            StoredCollection.AMENDMENTS,
            StoredCollection.AUDIT_EVENTS);
  }
}
