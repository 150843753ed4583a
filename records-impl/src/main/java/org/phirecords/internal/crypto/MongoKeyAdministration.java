package org.phirecords.internal.crypto;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.TenantRepository;
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

  /**
   * The audited resource of a re-wrap, and its record among the rotations (no tenant id starts with
   * an underscore) that keeps the re-wraps applied, for reconciliation.
   */
  static final String REWRAP = "_rewrap";

  private Operations operations;
  private FieldCipher cipher;
  private DataKeyRotation rotation;
  private TenantStatusLookup tenants;
  private TenantCollections collections;

  /** For CDI. */
  protected MongoKeyAdministration() {}

  /** Key administration. */
  @Inject
  public MongoKeyAdministration(
      Operations operations,
      FieldCipher cipher,
      DataKeyRotation rotation,
      TenantStatusLookup tenants,
      TenantCollections collections) {
    this.collections = collections;
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
    // Announced before any key changes (ADR 20); the tenant's entry is marked once it finished.
    WriteIntent intent = op.intend(AuditAction.UPDATE, StoredCollection.TENANTS, tenant.value());
    KeyRotation result = rotation.rotate(tenant, BATCH, Integer.MAX_VALUE);
    new TenantRepository(collections).markedBy(intent).mark(tenant);
    op.conclude(
        intent, AuditOutcome.SUCCESS, (int) Math.min(Integer.MAX_VALUE, result.reencrypted()));
    return result;
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public long rewrapDataKeys() {
    Operation op = operations.current();
    WriteIntent intent = op.intend(AuditAction.UPDATE, StoredCollection.KEY_ROTATIONS, REWRAP);
    long rewrapped = cipher.rewrapAll();
    DataKeyVault.reaching(
        () ->
            collections
                .keyRotations()
                .updateOne(
                    Filters.eq("_id", REWRAP),
                    intent.appliedMark(),
                    new UpdateOptions().upsert(true)));
    op.conclude(intent, AuditOutcome.SUCCESS, (int) Math.min(Integer.MAX_VALUE, rewrapped));
    return rewrapped;
  }
}
