package org.phirecords.bench;

import java.io.IOException;
import java.time.Instant;
import org.eclipse.microprofile.config.Config;
import org.phirecords.dev.DevKeys;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.crypto.FieldCipher;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.patient.PatientDocuments;
import org.phirecords.internal.store.MongoStores;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * Writes many patients straight into the store, for the lookup-growth measurement at a size the API
 * cannot load in a session (it creates 45-125 patients/s here, each audited). Each document is made
 * by the module's own code ({@link PatientDocuments#newRecord}), sealed under the tenant's data key
 * with the module's master key, and inserted through a tenant-scoped handle: the same bytes and
 * indexes a create through the API leaves. What it skips is the create's audit events and clinical
 * entries, which a lookup does not read.
 */
final class BulkPatients implements AutoCloseable {
  private final MongoStores stores;
  private final FieldCipher cipher;
  private final TenantCollections collections;
  private final IdentityProtection protection;

  /**
   * The store at {@code storeUri}, keys as the module's ({@code keys}: the master key and the
   * tenants' own keys, ADR 24), ciphertext form.
   */
  BulkPatients(String storeUri, DevKeys keys) throws IOException {
    Config config =
        new MapConfig()
            .with("records.mongodb.uri", storeUri)
            .with("records.crypto.local.master-key-file", keys.localMasterKey().toString())
            .with("records.crypto.tenant-master-keys", "true")
            .with("records.crypto.local.tenant-key-dir", keys.tenantKeyDir().toString())
            .with("records.crypto.ciphertext", "subtype0");
    RecordsConfig records = new RecordsConfig(config);
    stores = new MongoStores(records);
    collections = new TenantCollections(stores);
    cipher = new FieldCipher(collections, records);
    protection = new IdentityProtection(cipher);
  }

  /**
   * Adds patients to {@code data} until it holds {@code total}, round-robin over its tenants, MRNs
   * continuing the API-loaded ones.
   */
  void growTo(DataSet data, int total, int threads) throws Exception {
    data.growTo(total, threads, "bulk-loading patients", this::insert);
  }

  private void insert(DataSet.Tenant tenant, int index, SyntheticData synthetic) {
    TenantScopedCollection patients =
        collections.forMaintenance(StoredCollection.PATIENTS, new TenantId(tenant.id));
    String mrn = "B" + index;
    PatientId id = PatientId.random();
    patients.insertOne(
        PatientDocuments.newRecord(
            protection, patients.tenant(), id, synthetic.patientData(mrn), Instant.now()));
    tenant.addImported(id.value(), mrn);
  }

  @Override
  public void close() {
    cipher.close();
    stores.close();
  }
}
