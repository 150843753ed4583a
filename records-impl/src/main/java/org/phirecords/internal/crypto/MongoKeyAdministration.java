package org.phirecords.internal.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.security.CurrentCaller;
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

  private CurrentCaller callers;
  private FieldCipher cipher;
  private AuditTrail audit;
  private DataKeyRotation rotation;
  private TenantStatusLookup tenants;

  /** For CDI. */
  protected MongoKeyAdministration() {}

  /** Key administration. */
  @Inject
  public MongoKeyAdministration(
      CurrentCaller callers,
      FieldCipher cipher,
      AuditTrail audit,
      DataKeyRotation rotation,
      TenantStatusLookup tenants) {
    this.callers = callers;
    this.cipher = cipher;
    this.audit = audit;
    this.rotation = rotation;
    this.tenants = tenants;
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public KeyRotation rotateDataKey(TenantId tenant) {
    var caller = callers.require();
    var status = tenants.status(tenant);
    if (status.isEmpty()
        || (status.get() != TenantStatus.ACTIVE && status.get() != TenantStatus.SUSPENDED)) {
      audit.record(
          caller,
          AuditAction.UPDATE,
          ResourceType.TENANT,
          tenant.value(),
          null,
          status.isEmpty() ? AuditOutcome.NOT_FOUND : AuditOutcome.CONFLICT,
          "KeyAdministration.rotateDataKey",
          0);
      throw status.isEmpty()
          ? new org.phirecords.error.NotFoundException()
          : new org.phirecords.error.RecordsException(org.phirecords.error.ErrorCode.TENANT_STATE);
    }
    KeyRotation result = rotation.rotate(tenant, BATCH, Integer.MAX_VALUE);
    audit.record(
        caller,
        AuditAction.UPDATE,
        ResourceType.TENANT,
        tenant.value(),
        null,
        AuditOutcome.SUCCESS,
        "KeyAdministration.rotateDataKey",
        (int) Math.min(Integer.MAX_VALUE, result.reencrypted()));
    return result;
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public long rewrapDataKeys() {
    var caller = callers.require();
    long rewrapped = cipher.rewrapAll();
    audit.record(
        caller,
        AuditAction.UPDATE,
        ResourceType.TENANT,
        "data-keys",
        null,
        AuditOutcome.SUCCESS,
        "KeyAdministration.rewrapDataKeys",
        (int) Math.min(Integer.MAX_VALUE, rewrapped));
    return rewrapped;
  }
}
