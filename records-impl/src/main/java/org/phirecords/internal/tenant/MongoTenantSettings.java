package org.phirecords.internal.tenant;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Updates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.audit.alerts.AlertThresholds;
import org.phirecords.internal.audit.chain.AuditRetention;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.AlertSettings;
import org.phirecords.model.GroupMapping;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.security.Role;
import org.phirecords.service.TenantSettings;

/** {@link TenantSettings} in the tenant's registry entry; the tenant is the caller's own. */
@ApplicationScoped
public class MongoTenantSettings implements TenantSettings {
  private CurrentCaller callers;
  private TenantCollections collections;
  private AuditTrail audit;
  private RecordsConfig config;
  private AuditRetention retention;

  /** For CDI. */
  protected MongoTenantSettings() {}

  /** Settings of the registry of {@code collections}, defaults from {@code config}. */
  @Inject
  public MongoTenantSettings(
      CurrentCaller callers,
      TenantCollections collections,
      AuditTrail audit,
      RecordsConfig config,
      AuditRetention retention) {
    this.retention = retention;
    this.callers = callers;
    this.collections = collections;
    this.audit = audit;
    this.config = config;
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public AlertSettings alerts() {
    Caller caller = callers.require();
    AlertSettings settings = current(caller);
    record(caller, AuditAction.READ, "alerts");
    return settings;
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public AlertSettings updateAlerts(AlertSettings s) {
    Caller caller = callers.require();
    Document alerts =
        new Document("windowMinutes", s.windowMinutes())
            .append("distinctPatients", s.distinctPatients())
            .append("denials", s.denials())
            .append("workingHours", s.workingHours())
            .append("zone", s.zone());
    collections
        .tenantRegistry()
        .updateOne(eq("_id", caller.tenant().orElseThrow().value()), Updates.set("alerts", alerts));
    record(caller, AuditAction.UPDATE, "updateAlerts");
    return current(caller);
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public GroupMapping groupMapping() {
    Caller caller = callers.require();
    GroupMapping mapping = currentMapping(caller);
    record(caller, AuditAction.READ, "groupMapping");
    return mapping;
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public GroupMapping updateGroupMapping(GroupMapping mapping) {
    Caller caller = callers.require();
    // Stored as a list: group names are the IdP's, and may hold characters field names may not.
    List<Document> entries = new ArrayList<>();
    mapping
        .groups()
        .forEach(
            (group, roles) ->
                entries.add(
                    new Document("group", group)
                        .append("roles", roles.stream().sorted().map(Role::groupName).toList())));
    collections
        .tenantRegistry()
        .updateOne(eq("_id", tenantOf(caller)), Updates.set("groupMapping", entries));
    record(caller, AuditAction.UPDATE, "updateGroupMapping");
    return currentMapping(caller);
  }

  @Override
  @RequiresPermission(Permission.TENANT_SETTINGS)
  public int auditRetentionYears() {
    Caller caller = callers.require();
    int years = retention.years(tenantOf(caller));
    record(caller, AuditAction.READ, "auditRetentionYears");
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
    Caller caller = callers.require();
    collections
        .tenantRegistry()
        .updateOne(eq("_id", tenantOf(caller)), Updates.set("auditRetentionYears", years));
    record(caller, AuditAction.UPDATE, "updateAuditRetentionYears");
    return retention.years(tenantOf(caller));
  }

  private static String tenantOf(Caller caller) {
    return caller.tenant().orElseThrow().value();
  }

  private GroupMapping currentMapping(Caller caller) {
    Document registry = collections.tenantRegistry().find(eq("_id", tenantOf(caller))).first();
    Map<String, Set<Role>> groups = new LinkedHashMap<>();
    if (registry != null) {
      for (Document entry : registry.getList("groupMapping", Document.class, List.of())) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        entry
            .getList("roles", String.class, List.of())
            .forEach(r -> Role.fromGroup(r).ifPresent(roles::add));
        groups.put(entry.getString("group"), roles);
      }
    }
    return new GroupMapping(groups);
  }

  private AlertSettings current(Caller caller) {
    Document registry =
        collections.tenantRegistry().find(eq("_id", caller.tenant().orElseThrow().value())).first();
    AlertThresholds t =
        AlertThresholds.of(
            config::value, registry == null ? null : registry.get("alerts", Document.class));
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

  private void record(Caller caller, AuditAction action, String op) {
    audit.record(
        caller,
        action,
        Permission.TENANT_SETTINGS.resourceType(),
        caller.tenant().orElseThrow().value(),
        null,
        AuditOutcome.SUCCESS,
        "TenantSettings." + op,
        1);
  }
}
