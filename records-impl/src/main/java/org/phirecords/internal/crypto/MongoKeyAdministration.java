package org.phirecords.internal.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.tenant.TenantStatusLookup;
import org.phirecords.model.KeyRotation;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.KeyAdministration;

/** {@link KeyAdministration} over the key vault of {@link FieldCipher}. */
@ApplicationScoped
public class MongoKeyAdministration implements KeyAdministration {
  /** Records re-encrypted per batch of a data key rotation. */
  static final int BATCH = 200;

  private Operations operations;
  private FieldCipher cipher;
  private DataKeyRotation rotation;
  private TenantStatusLookup tenants;

  /** For CDI. */
  protected MongoKeyAdministration() {}

  /** Key administration. */
  @Inject
  public MongoKeyAdministration(
      Operations operations,
      FieldCipher cipher,
      DataKeyRotation rotation,
      TenantStatusLookup tenants) {
    this.operations = operations;
    this.cipher = cipher;
    this.rotation = rotation;
    this.tenants = tenants;
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public KeyRotation rotateDataKey(TenantId tenant) {
    Operation op = operations.current();
    var status = tenants.status(tenant);
    if (status.isEmpty()
        || (status.get() != TenantStatus.ACTIVE && status.get() != TenantStatus.SUSPENDED)) {
      op.record(
          AuditAction.UPDATE,
          ResourceType.TENANT,
          status.isEmpty() ? AuditOutcome.NOT_FOUND : AuditOutcome.CONFLICT,
          tenant.value(),
          null,
          0);
      throw status.isEmpty()
          ? new org.phirecords.error.NotFoundException()
          : new org.phirecords.error.RecordsException(org.phirecords.error.ErrorCode.TENANT_STATE);
    }
    KeyRotation result = rotation.rotate(tenant, BATCH, Integer.MAX_VALUE);
    op.record(
        AuditAction.UPDATE,
        ResourceType.TENANT,
        AuditOutcome.SUCCESS,
        tenant.value(),
        null,
        (int) Math.min(Integer.MAX_VALUE, result.reencrypted()));
    return result;
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public long rewrapDataKeys() {
    long rewrapped = cipher.rewrapAll();
    operations
        .current()
        .record(
            AuditAction.UPDATE,
            ResourceType.TENANT,
            AuditOutcome.SUCCESS,
            "data-keys",
            null,
            (int) Math.min(Integer.MAX_VALUE, rewrapped));
    return rewrapped;
  }
}
