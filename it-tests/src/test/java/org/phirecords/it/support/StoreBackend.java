package org.phirecords.it.support;

/** The MongoDB-wire stores the deployments talk to: one for data, one for the audit trail. */
public interface StoreBackend extends AutoCloseable {
  /** Connection string of the data store, as seen from the test JVM. */
  String dataUri();

  /** Connection string of the audit store. */
  String auditUri();

  /** Takes the audit store down (to prove fail-closed behaviour). */
  void stopAudit();

  /** Brings the audit store back with its data. */
  void startAudit();

  @Override
  void close();
}
