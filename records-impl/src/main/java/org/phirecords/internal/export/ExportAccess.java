package org.phirecords.internal.export;

import java.util.Date;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.phirecords.internal.security.CallerAccess;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;

/**
 * The access a kick-off fixed, stored with the job ({@code access}: ids, role and permission names,
 * organisation ids; no PHI), so that any instance resuming the job after its runner died reads with
 * the requester's caller and reach as they were at kick-off, never with the resuming instance's
 * own, and never wider (ADR 38).
 */
final class ExportAccess {
  private ExportAccess() {}

  /** {@code caller}, {@code access} and the group's organisations (if any) as a document. */
  static Document of(Caller caller, CallerAccess access, Optional<Set<OrganisationId>> group) {
    return new Document("subject", caller.subject())
        .append("issuer", caller.issuer())
        .append("roles", names(caller.roles()))
        .append("groups", List.copyOf(caller.groups()))
        .append("clientPermissions", names(caller.clientPermissions()))
        .append("purpose", caller.purposeOfUse().name())
        .append("clientAddress", caller.clientAddress())
        .append("tenantWide", names(access.tenantWide()))
        .append("below", organisations(access.below()))
        .append("within", organisations(access.within()))
        .append("at", Date.from(access.at()))
        .append("careTeamOf", access.careTeamOf().orElse(null))
        .append("group", group.map(ExportAccess::ids).orElse(null));
  }

  /** The requester of {@code tenant} as stored. */
  static Caller caller(Document d, TenantId tenant) {
    return new Caller(
        d.getString("subject"),
        Optional.of(tenant),
        enums(Role.class, d.getList("roles", String.class)),
        Optional.empty(),
        PurposeOfUse.valueOf(d.getString("purpose")),
        d.getString("clientAddress"),
        d.getString("issuer"),
        Set.copyOf(d.getList("groups", String.class)),
        enums(Permission.class, d.getList("clientPermissions", String.class)));
  }

  /** The access as stored. */
  static CallerAccess access(Document d) {
    return new CallerAccess(
        enums(Role.class, d.getList("tenantWide", String.class)),
        organisations(d.get("below", Document.class)),
        d.getDate("at").toInstant(),
        organisations(d.get("within", Document.class)),
        Optional.ofNullable(d.getString("careTeamOf")));
  }

  /** The group's organisations as stored, if the export is of a group. */
  static Optional<Set<OrganisationId>> group(Document d) {
    List<String> ids = d.getList("group", String.class);
    return ids == null
        ? Optional.empty()
        : Optional.of(ids.stream().map(OrganisationId::new).collect(Collectors.toSet()));
  }

  private static List<String> names(Set<? extends Enum<?>> values) {
    return values.stream().map(Enum::name).sorted().toList();
  }

  private static List<String> ids(Set<OrganisationId> ids) {
    return ids.stream().map(OrganisationId::value).sorted().toList();
  }

  private static Document organisations(Map<Role, Set<OrganisationId>> byRole) {
    Document d = new Document();
    byRole.forEach((role, ids) -> d.append(role.name(), ids(ids)));
    return d;
  }

  private static Map<Role, Set<OrganisationId>> organisations(Document d) {
    Map<Role, Set<OrganisationId>> byRole = new EnumMap<>(Role.class);
    for (String role : d.keySet()) {
      Set<OrganisationId> ids = new HashSet<>();
      d.getList(role, String.class).forEach(id -> ids.add(new OrganisationId(id)));
      byRole.put(Role.valueOf(role), ids);
    }
    return byRole;
  }

  private static <E extends Enum<E>> Set<E> enums(Class<E> type, List<String> names) {
    Set<E> values = new HashSet<>();
    names.forEach(n -> values.add(Enum.valueOf(type, n)));
    return values;
  }
}
