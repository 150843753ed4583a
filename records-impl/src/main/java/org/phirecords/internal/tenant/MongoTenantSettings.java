package org.phirecords.internal.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.alerts.AlertThresholds;
import org.phirecords.internal.audit.chain.AuditRetention;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.organisation.OrganisationRepository;
import org.phirecords.internal.organisation.OrganisationTree;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.AlertSettings;
import org.phirecords.model.BreakGlassPolicy;
import org.phirecords.model.GroupMapping;
import org.phirecords.model.MappingChange;
import org.phirecords.model.SensitiveClearances;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.TenantSettings;

/** {@link TenantSettings} in the tenant's registry entry; the tenant is the caller's own. */
@ApplicationScoped
public class MongoTenantSettings implements TenantSettings {
  private Operations operations;
  private TenantRepository registry;
  private RecordsConfig config;
  private AuditRetention retention;
  private MappingApprovals approvals;
  private ClearanceSettings clearances;
  private TenantCollections registryCollections;

  /** For CDI. */
  protected MongoTenantSettings() {}

  /** Settings of the registry of {@code collections}, defaults from {@code config}. */
  @Inject
  public MongoTenantSettings(
      Operations operations,
      TenantCollections collections,
      RecordsConfig config,
      AuditRetention retention) {
    this.retention = retention;
    this.operations = operations;
    this.registry = new TenantRepository(collections);
    this.clearances = new ClearanceSettings(collections);
    this.registryCollections = collections;
    this.config = config;
    this.approvals = new MappingApprovals(operations, registry, config.mappingApprovalWindow());
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public AlertSettings alerts() {
    Caller caller = operations.current().caller();
    AlertSettings settings = current(caller);
    record(caller, AuditAction.READ);
    return settings;
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public AlertSettings updateAlerts(AlertSettings s) {
    Caller caller = change(r -> r.setAlerts(tenantId(), s));
    return current(caller);
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public GroupMapping groupMapping() {
    Caller caller = operations.current().caller();
    GroupMapping mapping = currentMapping(caller);
    record(caller, AuditAction.READ);
    return mapping;
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public GroupMapping updateGroupMapping(GroupMapping mapping) {
    return approvals.request(mapping);
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public List<MappingChange> mappingChanges() {
    List<MappingChange> pending = approvals.pending();
    record(operations.current().caller(), AuditAction.READ);
    return pending;
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public GroupMapping approveMappingChange(String id) {
    return approvals.approve(id);
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public GroupMapping withdrawMappingChange(String id) {
    return approvals.withdraw(id);
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public int auditRetentionYears() {
    Caller caller = operations.current().caller();
    int years = retention.years(tenantOf(caller));
    record(caller, AuditAction.READ);
    return years;
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public int updateAuditRetentionYears(int years) {
    if (years < AuditRetention.MINIMUM_YEARS || years > AuditRetention.MAXIMUM_YEARS) {
      throw InvalidInputException.invalid(
          "/years",
          "must be " + AuditRetention.MINIMUM_YEARS + " to " + AuditRetention.MAXIMUM_YEARS);
    }
    Caller caller = change(r -> r.setAuditRetentionYears(tenantId(), years));
    return retention.years(tenantOf(caller));
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public SensitiveClearances sensitiveClearances() {
    Caller caller = operations.current().caller();
    SensitiveClearances cleared = clearances.of(caller.tenant().orElseThrow());
    record(caller, AuditAction.READ);
    return cleared;
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public SensitiveClearances updateSensitiveClearances(SensitiveClearances cleared) {
    if (!SensitiveClearances.CLEARABLE.containsAll(cleared.cleared().keySet())
        || cleared.atOrganisations().values().stream()
            .anyMatch(c -> !SensitiveClearances.CLEARABLE.containsAll(c.keySet()))) {
      throw new InvalidInputException(
          ErrorCode.ROLE_NOT_CLEARABLE, "/cleared", "only PHYSICIAN and BILLING can be cleared");
    }
    if (!cleared.atOrganisations().isEmpty()) {
      OrganisationTree tree = OrganisationRepository.of(registryCollections, tenantId()).tree();
      if (!cleared.atOrganisations().keySet().stream().allMatch(tree::contains)) {
        throw new RecordsException(ErrorCode.ORGANISATION_NOT_FOUND);
      }
    }
    Caller caller =
        change(r -> r.set(tenantId(), ClearanceSettings.FIELD, ClearanceSettings.stored(cleared)));
    return clearances.of(caller.tenant().orElseThrow());
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public BreakGlassPolicy breakGlass() {
    Caller caller = operations.current().caller();
    BreakGlassPolicy policy = new BreakGlassSettings(registryCollections).of(tenantId());
    record(caller, AuditAction.READ);
    return policy;
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public BreakGlassPolicy updateBreakGlass(BreakGlassPolicy policy) {
    change(r -> r.set(tenantId(), BreakGlassSettings.FIELD, BreakGlassSettings.stored(policy)));
    return new BreakGlassSettings(registryCollections).of(tenantId());
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public boolean careTeams() {
    Caller caller = operations.current().caller();
    boolean enabled = new CareTeamSettings(registryCollections).enabled(tenantId());
    record(caller, AuditAction.READ);
    return enabled;
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public boolean updateCareTeams(boolean enabled) {
    change(r -> r.set(tenantId(), CareTeamSettings.FIELD, CareTeamSettings.stored(enabled)));
    return new CareTeamSettings(registryCollections).enabled(tenantId());
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public int ageOfMajority() {
    Caller caller = operations.current().caller();
    int age = new ProxySettings(registryCollections).ageOfMajority(tenantId());
    record(caller, AuditAction.READ);
    return age;
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public int updateAgeOfMajority(int age) {
    if (age < ProxySettings.MIN_AGE || age > ProxySettings.MAX_AGE) {
      throw new InvalidInputException(
          ErrorCode.AGE_OF_MAJORITY, "/ageOfMajority", "must be 14 to 21");
    }
    change(r -> r.set(tenantId(), ProxySettings.FIELD, ProxySettings.stored(age)));
    return new ProxySettings(registryCollections).ageOfMajority(tenantId());
  }

  /**
   * Changes the caller's registry entry as an announced write (ADR 20): the intent is durable
   * before the change, so with the audit store down nothing changes (503); a crash after it is
   * concluded by the reconciler from the entry's mark.
   */
  private Caller change(Consumer<TenantRepository> change) {
    Operation op = operations.current();
    WriteIntent intent =
        op.intend(AuditAction.UPDATE, StoredCollection.TENANTS, tenantId().value());
    change.accept(registry.markedBy(intent));
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return op.caller();
  }

  private TenantId tenantId() {
    return operations.current().caller().tenant().orElseThrow();
  }

  private static String tenantOf(Caller caller) {
    return caller.tenant().orElseThrow().value();
  }

  private GroupMapping currentMapping(Caller caller) {
    return new GroupMapping(
        registry
            .find(caller.tenant().orElseThrow())
            .map(TenantRegistration::groupMapping)
            .orElse(Map.of()));
  }

  private AlertSettings current(Caller caller) {
    AlertThresholds t =
        AlertThresholds.of(
            config::value,
            registry
                .find(caller.tenant().orElseThrow())
                .map(TenantRegistration::alerts)
                .orElse(TenantRegistration.Alerts.NONE));
    String hours =
        t.workStart() == null
            ? null
            : String.format(
                "%02d:%02d-%02d:%02d",
                t.workStart().getHour(),
                t.workStart().getMinute(),
                t.workEnd().getHour(),
                t.workEnd().getMinute());
    return new AlertSettings(
        (int) t.window().toMinutes(),
        (int) t.distinctPatients(),
        (int) t.denials(),
        hours,
        t.zone().getId());
  }

  private void record(Caller caller, AuditAction action) {
    operations
        .current()
        .record(
            action,
            Permission.TENANT_SETTINGS.resourceType(),
            AuditOutcome.SUCCESS,
            caller.tenant().orElseThrow().value(),
            null,
            1);
  }
}
