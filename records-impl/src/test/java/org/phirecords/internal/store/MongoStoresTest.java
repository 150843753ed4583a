package org.phirecords.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.config.RecordsConfig.Store;
import org.phirecords.internal.testing.MapConfig;

/** How a store's database is found from the configuration. */
class MongoStoresTest {
  @Test
  void aStoresDatabaseIsResolvedOnFirstUseAndKeptForTheLifeOfTheApplication() {
    MapConfig config =
        new MapConfig()
            .with("records.mongodb.uri", "mongodb://127.0.0.1:1")
            .with("records.mongodb.audit.database", "audit_a");
    MongoStores stores = new MongoStores(new RecordsConfig(config));
    try {
      var first = stores.database(Store.AUDIT);
      assertThat(first.getName()).isEqualTo("audit_a");
      assertThat(stores.database(Store.IDENTITY).getName()).isEqualTo("phi_identity");

      // Read once: a later change takes a restart.
      config.with("records.mongodb.audit.database", "audit_b");
      assertThat(stores.database(Store.AUDIT)).isSameAs(first);
    } finally {
      stores.close();
    }
  }
}
