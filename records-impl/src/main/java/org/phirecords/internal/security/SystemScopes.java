package org.phirecords.internal.security;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.phirecords.security.Permission;
import org.phirecords.security.Role;

/**
 * The table from SMART system scopes to module permissions (ADR 39). A row is keyed {@code
 * <type>.<interaction>} ({@code Patient.r}, {@code Observation.c}, or {@code *.r} for what only
 * all-type access gives) and names the permissions it grants. The module's rows ({@link #DEFAULTS})
 * apply unless a tenant's own row of the same key replaces them (an empty row removes one). A
 * client gets a row's permissions when its token's scopes and the scopes the tenant allows the
 * client both cover the row, and only those a system client may ever hold ({@link #allowed}).
 *
 * <p>Adding a capability for system clients is adding a row here (for example {@code *.r} to a
 * bulk-export permission), or a tenant adding one in its settings.
 */
public final class SystemScopes {
  /** The FHIR types the module's clinical entries are exchanged as. */
  public static final List<String> CLINICAL_TYPES =
      List.of("Encounter", "Condition", "Observation", "Procedure", "DocumentReference");

  /** A row's key: a FHIR type or {@code *}, a dot, one interaction letter. */
  public static final Pattern ROW = Pattern.compile("(\\*|[A-Z][A-Za-z]{0,63})\\.[cruds]");

  /** The module's rows, in key order. */
  public static final Map<String, Set<Permission>> DEFAULTS = defaults();

  private SystemScopes() {}

  private static Map<String, Set<Permission>> defaults() {
    Map<String, Set<Permission>> rows = new TreeMap<>();
    rows.put("Patient.c", Set.of(Permission.PATIENT_CREATE));
    rows.put("Patient.r", Set.of(Permission.PATIENT_READ));
    rows.put("Patient.u", Set.of(Permission.PATIENT_UPDATE));
    rows.put("Patient.s", Set.of(Permission.PATIENT_SEARCH));
    rows.put("Patient.d", Set.of(Permission.PATIENT_DELETE));
    for (String type : CLINICAL_TYPES) {
      rows.put(type + ".c", Set.of(Permission.CLINICAL_CREATE));
      rows.put(type + ".r", Set.of(Permission.CLINICAL_READ));
      rows.put(type + ".u", Set.of(Permission.CLINICAL_UPDATE));
      rows.put(type + ".s", Set.of(Permission.CLINICAL_READ));
      rows.put(type + ".d", Set.of(Permission.CLINICAL_DELETE));
    }
    // What only all-type access gives: importing Bundles (ADR 37), the bulk export (ADR 38) and
    // following the integration events (ADR 35).
    rows.put("*.c", Set.of(Permission.RECORD_IMPORT));
    rows.put("*.r", Set.of(Permission.BULK_EXPORT));
    rows.put("*.s", Set.of(Permission.INTEGRATION_EVENTS_READ));
    return Collections.unmodifiableMap(rows);
  }

  /**
   * Whether a system client may ever hold {@code permission}: never an administrator's, a patient's
   * own (the portal), break-glass, or managing who reads a record.
   */
  public static boolean allowed(Permission permission) {
    return RolePermissions.of(Role.SYSTEM).contains(permission);
  }

  /** The rows in force for a tenant whose own rows are {@code tenantRows}. */
  public static Map<String, Set<Permission>> table(Map<String, Set<Permission>> tenantRows) {
    Map<String, Set<Permission>> table = new TreeMap<>(DEFAULTS);
    tenantRows.forEach(
        (row, permissions) -> {
          if (permissions.isEmpty()) {
            table.remove(row);
          } else {
            table.put(row, Set.copyOf(permissions));
          }
        });
    return Collections.unmodifiableMap(table);
  }

  /**
   * The permissions of the rows of {@code table} that a scope of {@code token} and a scope the
   * tenant {@code allows} both cover, among those a system client may hold.
   */
  public static Set<Permission> granted(
      Collection<SmartScope> token,
      Collection<SmartScope> allows,
      Map<String, Set<Permission>> table) {
    Set<Permission> granted = EnumSet.noneOf(Permission.class);
    table.forEach(
        (row, permissions) -> {
          String type = row.substring(0, row.length() - 2);
          char interaction = row.charAt(row.length() - 1);
          if (covered(token, type, interaction) && covered(allows, type, interaction)) {
            permissions.stream().filter(SystemScopes::allowed).forEach(granted::add);
          }
        });
    return granted;
  }

  private static boolean covered(Collection<SmartScope> scopes, String type, char interaction) {
    return scopes.stream().anyMatch(s -> s.covers(type, interaction));
  }
}
