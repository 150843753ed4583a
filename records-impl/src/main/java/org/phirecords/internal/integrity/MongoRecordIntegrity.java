package org.phirecords.internal.integrity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.IntegrityReport;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.RecordIntegrity;

/** {@link RecordIntegrity}: the integrity pass over the caller's tenant, audited. */
@ApplicationScoped
public class MongoRecordIntegrity implements RecordIntegrity {
  private Operations operations;
  private TenantCollections collections;
  private AuditTrail trail;

  /** For CDI. */
  protected MongoRecordIntegrity() {}

  /** The pass over the stores of {@code collections}, with the seals of {@code trail}. */
  @Inject
  public MongoRecordIntegrity(
      Operations operations, TenantCollections collections, AuditTrail trail) {
    this.operations = operations;
    this.collections = collections;
    this.trail = trail;
  }

  @Override
  @RequiresPermission(Permission.INTEGRITY_CHECK)
  public IntegrityReport check(int maxFindings) {
    if (maxFindings < 1 || maxFindings > MAX_FINDINGS) {
      throw new InvalidInputException(
          ErrorCode.INVALID_PARAMETER, "max", "max must be 1 to " + MAX_FINDINGS + ".");
    }
    Operation op = operations.current();
    IntegrityReport report =
        new IntegrityPass(collections, trail.recordSeals())
            .run(op.caller().tenant().orElseThrow(), maxFindings);
    // The pass is audited like a read: how many records it found changed at rest.
    op.record(
        AuditOutcome.SUCCESS, null, null, (int) Math.min(Integer.MAX_VALUE, report.changed()));
    return report;
  }
}
