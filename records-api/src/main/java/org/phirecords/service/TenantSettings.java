package org.phirecords.service;

import java.util.List;
import org.phirecords.model.AlertSettings;
import org.phirecords.model.BreakGlassPolicy;
import org.phirecords.model.GroupMapping;
import org.phirecords.model.MappingChange;
import org.phirecords.model.SensitiveClearances;

/** Settings a tenant admin manages for their own tenant. Needs {@code TENANT_SETTINGS}; audited. */
public interface TenantSettings {
  /** The tenant's alert settings (module defaults where the tenant set none). */
  AlertSettings alerts();

  /** Replaces the tenant's alert settings. */
  AlertSettings updateAlerts(AlertSettings settings);

  /** How the groups of the tenant's identity provider map to roles (none until set). */
  GroupMapping groupMapping();

  /**
   * Replaces the group mapping; bounds are checked by {@link GroupMapping}. Groups whose new roles
   * only remove roles or add roles without access to health data change at once; a group that is to
   * gain such a role becomes a pending {@link MappingChange} (replacing an older one of the same
   * group) that another administrator must approve (ADR 22). Refused with {@code PHR-403-08} if any
   * group the caller belongs to would hold such a role.
   *
   * @return the mapping now in force
   */
  GroupMapping updateGroupMapping(GroupMapping mapping);

  /** The pending group-mapping changes that have not expired, oldest first. */
  List<MappingChange> mappingChanges();

  /**
   * Approves pending change {@code id} and applies it. Refused with {@code PHR-403-07} for the
   * administrator who requested it, with {@code PHR-403-08} if the caller belongs to its group,
   * with {@code PHR-409-08} if it was replaced or expired; 404 if there is no such change.
   *
   * @return the mapping now in force
   */
  GroupMapping approveMappingChange(String id);

  /**
   * Removes pending change {@code id}: withdrawn by its requester, rejected by another
   * administrator. {@code PHR-409-08} if it was replaced or expired; 404 if there is no such
   * change.
   *
   * @return the mapping in force (unchanged)
   */
  GroupMapping withdrawMappingChange(String id);

  /** Years the tenant's audit trail is kept (module default until set). */
  int auditRetentionYears();

  /**
   * Sets the audit retention; at least 6 years (HIPAA 164.316(b)(2)), at most 100. Shortening it
   * removes nothing by itself: only the retention purge removes events, and only those beyond it.
   */
  int updateAuditRetentionYears(int years);

  /**
   * Which sensitive categories are cleared for which role ({@link SensitiveClearances#DEFAULT}
   * until set).
   */
  SensitiveClearances sensitiveClearances();

  /**
   * Replaces the clearances, an announced write (ADR 20); {@code PHR-400-11} for a role other than
   * {@link SensitiveClearances#CLEARABLE}.
   *
   * @return the clearances now in force
   */
  SensitiveClearances updateSensitiveClearances(SensitiveClearances clearances);

  /** The tenant's break-glass setting ({@link BreakGlassPolicy#DEFAULT} until set; ADR 28). */
  BreakGlassPolicy breakGlass();

  /**
   * Replaces the break-glass setting, an announced write (ADR 20); bounds are checked by {@link
   * BreakGlassPolicy}.
   *
   * @return the setting now in force
   */
  BreakGlassPolicy updateBreakGlass(BreakGlassPolicy policy);

  /**
   * Whether physicians reach only the patients whose care team includes them, within their
   * organisations (ADR 30; off until set).
   */
  boolean careTeams();

  /**
   * Turns care-team narrowing on or off, an announced write (ADR 20). It reaches every instance
   * within {@code records.organisations.scope-cache-seconds}.
   *
   * @return the setting now in force
   */
  boolean updateCareTeams(boolean enabled);

  /**
   * The age at which a parent's access to a minor's record ends unless granted again (ADR 46; 18
   * until set).
   */
  int ageOfMajority();

  /**
   * Sets the age of majority, 14 to 21 ({@code PHR-400-74} otherwise), an announced write (ADR 20);
   * it applies to the next request of every representative.
   *
   * @return the setting now in force
   */
  int updateAgeOfMajority(int age);
}
