package org.phirecords.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.phirecords.audit.AuditEvent;
import org.phirecords.dev.DevKeys;
import org.phirecords.internal.audit.chain.ChainSettings;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.crypto.FieldCipher;
import org.phirecords.internal.crypto.IdentityProtection;
import org.phirecords.internal.link.LinkedRecords;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.organisation.AccessModels;
import org.phirecords.internal.patient.MongoPatientDirectory;
import org.phirecords.internal.security.AuthorizationInterceptor;
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.internal.store.MongoStores;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.TenantStatusLookup;
import org.phirecords.internal.testing.Intercepted;
import org.phirecords.internal.testing.MapConfig;
import org.phirecords.model.PatientBatch;
import org.phirecords.model.PatientData;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;
import org.phirecords.service.PatientDirectory;

/**
 * Loads many patients through the module's Java API, for the lookup-growth measurement: {@link
 * PatientDirectory#createAll} in batches of {@link PatientBatch#MAX_ENTRIES}, called as each
 * tenant's synthetic physician through the real authorization interceptor, on the module's stores,
 * keys and audit chain key, as an embedding application wires it outside CDI (ADR 34). Every
 * patient is sealed, stored and audited as the API stores it; only clinical entries are left out,
 * which a lookup does not read.
 */
final class BulkPatients implements AutoCloseable {
  private final MongoStores stores;
  private final FieldCipher cipher;
  private final AuditTrail audit;
  private final ThreadLocal<Caller> caller = new ThreadLocal<>();
  private final PatientDirectory directory;

  /**
   * The module's stores at {@code storeUri}, with its keys ({@code keys}: the master key, the
   * tenants' own keys, ADR 24, and the audit chain key) and ciphertext form.
   */
  @SuppressWarnings("unchecked")
  BulkPatients(String storeUri, DevKeys keys) throws IOException {
    Config config =
        new MapConfig()
            .with("records.mongodb.uri", storeUri)
            .with("records.crypto.local.master-key-file", keys.localMasterKey().toString())
            .with("records.crypto.tenant-master-keys", "true")
            .with("records.crypto.local.tenant-key-dir", keys.tenantKeyDir().toString())
            .with("records.crypto.ciphertext", "subtype0")
            .with("records.audit.chain-key-file", keys.auditChainKey().toString());
    RecordsConfig records = new RecordsConfig(config);
    stores = new MongoStores(records);
    TenantCollections collections = new TenantCollections(stores);
    cipher = new FieldCipher(collections, records);
    // Stored events are not observed here: the module's observers run in the module.
    jakarta.enterprise.event.Event<AuditEvent> events =
        org.mockito.Mockito.mock(jakarta.enterprise.event.Event.class);
    audit = new AuditTrail(collections, events, ChainSettings.from(records::value, c -> {}));
    Operations operations = new Operations(collections, audit);
    AuthorizationInterceptor interceptor =
        new AuthorizationInterceptor(
            new CurrentCaller(() -> Optional.ofNullable(caller.get())),
            new TenantStatusLookup(collections),
            audit,
            operations,
            new LinkedRecords(collections),
            new AccessModels(records, collections));
    directory =
        Intercepted.through(
            interceptor, new MongoPatientDirectory(operations, new IdentityProtection(cipher)));
  }

  /**
   * Adds patients to {@code data} until it holds {@code total}, round-robin over its tenants, MRNs
   * continuing the API-loaded ones, one batch per call, on {@code threads} workers.
   */
  void growTo(DataSet data, int total, int threads) throws Exception {
    data.growInBatches(
        total, threads, PatientBatch.MAX_ENTRIES, "bulk-loading patients", this::register);
  }

  private void register(DataSet.Tenant tenant, List<Integer> indexes, SyntheticData synthetic) {
    List<PatientData> batch = new ArrayList<>(indexes.size());
    for (int index : indexes) {
      batch.add(synthetic.patientData("B" + index));
    }
    caller.set(physicianOf(tenant));
    try {
      PatientBatch result = directory.createAll(batch);
      for (PatientBatch.Entry entry : result.entries()) {
        if (entry.outcome() != PatientBatch.Outcome.CREATED) {
          throw new IllegalStateException("a bulk-loaded MRN was present already");
        }
        tenant.addImported(entry.id().value(), batch.get(entry.index()).mrn().value());
      }
    } finally {
      caller.remove();
    }
  }

  /** The tenant's synthetic physician, as the benchmark's tokens name them. */
  private static Caller physicianOf(DataSet.Tenant tenant) {
    return new Caller(
        "bench-physician-" + tenant.id,
        Optional.of(new TenantId(tenant.id)),
        Set.of(Role.PHYSICIAN),
        Optional.empty(),
        PurposeOfUse.defaultFor(Role.PHYSICIAN),
        "127.0.0.1");
  }

  @Override
  public void close() {
    audit.settleHeads();
    cipher.close();
    stores.close();
  }
}
