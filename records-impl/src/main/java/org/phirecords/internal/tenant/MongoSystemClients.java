package org.phirecords.internal.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.organisation.OrganisationRepository;
import org.phirecords.internal.organisation.OrganisationTree;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.SystemClients;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.SystemClientRegistry;

/**
 * {@link SystemClientRegistry} in the tenant's registry entry (ADR 39); the tenant is the caller's
 * own. Reads are audited; a change is an announced write (ADR 20).
 */
@ApplicationScoped
public class MongoSystemClients implements SystemClientRegistry {
  private Operations operations;
  private TenantCollections collections;
  private TenantRepository registry;
  private SystemClientSettings settings;

  /** For CDI. */
  protected MongoSystemClients() {}

  /** The clients in the registry of {@code collections}. */
  @Inject
  public MongoSystemClients(Operations operations, TenantCollections collections) {
    this.operations = operations;
    this.collections = collections;
    this.registry = new TenantRepository(collections);
    this.settings = new SystemClientSettings(collections);
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public SystemClients systemClients() {
    SystemClients clients = settings.of(tenantId());
    operations
        .current()
        .record(
            AuditAction.READ,
            Permission.TENANT_SETTINGS.resourceType(),
            AuditOutcome.SUCCESS,
            tenantId().value(),
            null,
            clients.clients().size());
    return clients;
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public SystemClients updateSystemClients(SystemClients clients) {
    SystemClientSettings.validate(clients);
    Operation op = operations.current();
    // A client bounded to organisations names organisations of this tenant (ADR 42).
    OrganisationTree tree = OrganisationRepository.of(collections, tenantId()).tree();
    for (int i = 0; i < clients.clients().size(); i++) {
      if (!clients.clients().get(i).organisations().stream()
          .allMatch(o -> tree.effectiveStatus(new OrganisationId(o)).isPresent())) {
        op.record(
            AuditAction.UPDATE,
            Permission.TENANT_SETTINGS.resourceType(),
            AuditOutcome.NOT_FOUND,
            tenantId().value(),
            null,
            0);
        throw new InvalidInputException(
            ErrorCode.SYSTEM_CLIENT_ORGANISATIONS, "/clients/" + i + "/organisations", "unknown");
      }
    }
    WriteIntent intent =
        op.intend(AuditAction.UPDATE, StoredCollection.TENANTS, tenantId().value());
    registry
        .markedBy(intent)
        .set(tenantId(), SystemClientSettings.FIELD, SystemClientSettings.stored(clients));
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return settings.of(tenantId());
  }

  private TenantId tenantId() {
    return operations.current().caller().tenant().orElseThrow();
  }
}
