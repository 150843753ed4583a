package org.phirecords.internal.tenant;

import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Role;

/** Reads and builds stored registry entries; {@link TenantRepository} reads and writes them. */
final class TenantDocuments {
  private static final String ID = "_id";
  private static final String STATUS = "status";
  private static final String IDP = "idp";
  private static final String ISSUER = "issuer";
  private static final String OFFBOARDING = "offboarding";
  static final String GROUP_MAPPING = "groupMapping";

  private TenantDocuments() {}

  /** The stored form of a new registration (without the intent's mark). */
  static Document created(TenantRegistration r) {
    Document doc =
        new Document(ID, r.id().value())
            .append("displayName", r.displayName())
            .append("contact", r.contact())
            .append("residency", r.residency())
            .append("firstAdmin", r.firstAdmin())
            .append(STATUS, r.status().name())
            .append("createdAt", Date.from(r.createdAt()));
    r.idp()
        .ifPresent(
            idp -> {
              Document registered = new Document(ISSUER, idp.issuer());
              if (idp.publicKeyPem() != null) {
                registered.append("publicKeyPem", idp.publicKeyPem());
              } else {
                registered.append("jwksUri", idp.jwksUri());
              }
              if (idp.portalClientId() != null) {
                registered.append("portalClientId", idp.portalClientId());
              }
              doc.append(IDP, registered);
            });
    return doc;
  }

  static TenantRegistration read(Document d) {
    Date created = d.getDate("createdAt");
    Document idp = d.get(IDP, Document.class);
    Document ticket = d.get(OFFBOARDING, Document.class);
    Number retention = d.get("auditRetentionYears", Number.class);
    return new TenantRegistration(
        new TenantId(d.getString(ID)),
        d.getString("displayName"),
        TenantStatus.valueOf(d.getString(STATUS)),
        created == null ? Instant.EPOCH : created.toInstant(),
        d.getString("contact"),
        d.getString("residency"),
        d.getString("firstAdmin"),
        Optional.ofNullable(idp)
            .map(
                i ->
                    new TenantRegistration.IdentityProvider(
                        i.getString(ISSUER),
                        i.getString("publicKeyPem"),
                        i.getString("jwksUri"),
                        i.getString("portalClientId"))),
        groupMapping(d),
        Optional.ofNullable(retention).map(Number::intValue),
        d.get("accessHistoryShowsStaff") instanceof Boolean b ? Optional.of(b) : Optional.empty(),
        alerts(d.get("alerts", Document.class)),
        Optional.ofNullable(ticket)
            .map(
                t ->
                    new TenantRegistration.OffboardingRequest(
                        t.getString("codeHash"),
                        t.getDate("expiresAt").toInstant(),
                        t.getString("requestedBy"),
                        Optional.ofNullable(t.getString("approvedBy")),
                        Optional.ofNullable(t.getDate("notBefore")).map(Date::toInstant))));
  }

  static Map<String, Set<Role>> groupMapping(Document d) {
    Map<String, Set<Role>> groups = new LinkedHashMap<>();
    for (Document entry : d.getList(GROUP_MAPPING, Document.class, List.of())) {
      groups.put(entry.getString("group"), roles(entry));
    }
    return groups;
  }

  /** The roles an entry of a mapping or a mapping change names. */
  static Set<Role> roles(Document entry) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    entry
        .getList("roles", String.class, List.of())
        .forEach(r -> Role.fromGroup(r).ifPresent(roles::add));
    return roles;
  }

  /**
   * The stored form of a group mapping: a list, because group names are the IdP's and may hold
   * characters that field names may not.
   */
  static List<Document> mapping(Map<String, Set<Role>> groups) {
    List<Document> entries = new java.util.ArrayList<>();
    groups.forEach((group, roles) -> entries.add(entry(group, roles)));
    return entries;
  }

  /** One group and its roles, sorted, as stored. */
  static Document entry(String group, Set<Role> roles) {
    return new Document("group", group)
        .append("roles", roles.stream().sorted().map(Role::groupName).toList());
  }

  private static TenantRegistration.Alerts alerts(Document a) {
    if (a == null) {
      return TenantRegistration.Alerts.NONE;
    }
    return new TenantRegistration.Alerts(
        number(a.get("windowMinutes")),
        number(a.get("distinctPatients")),
        number(a.get("denials")),
        a.containsKey("workingHours")
            ? Optional.of(Optional.ofNullable(a.getString("workingHours")))
            : Optional.empty(),
        Optional.ofNullable(a.getString("zone")));
  }

  private static Optional<Long> number(Object value) {
    return value instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
  }
}
