package org.phirecords.internal.tenant;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.SensitiveClearances;
import org.phirecords.model.Sensitivity;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/**
 * A tenant's clearances for sensitive categories, stored in its registry entry as role name to
 * category names, and under {@code organisations} the same per organisation (ADR 26). A name the
 * module does not know clears nothing: it fails closed.
 */
public final class ClearanceSettings {
  /** The registry field. */
  static final String FIELD = "sensitiveClearances";

  private static final String ORGANISATIONS = "organisations";
  private static final String ORGANISATION = "organisation";

  private final TenantRepository registry;

  /** The clearances in the registry of {@code collections}. */
  public ClearanceSettings(TenantCollections collections) {
    this.registry = new TenantRepository(collections);
  }

  /** {@code tenant}'s clearances ({@link SensitiveClearances#DEFAULT} until it set its own). */
  public SensitiveClearances of(TenantId tenant) {
    return registry
        .fields(tenant, List.of(FIELD))
        .flatMap(d -> Optional.ofNullable(d.get(FIELD, Document.class)))
        .map(ClearanceSettings::read)
        .orElse(SensitiveClearances.DEFAULT);
  }

  static Document stored(SensitiveClearances clearances) {
    Document stored = roles(clearances.cleared(), new Document());
    if (!clearances.atOrganisations().isEmpty()) {
      List<Document> at = new ArrayList<>();
      clearances
          .atOrganisations()
          .forEach((o, c) -> at.add(roles(c, new Document(ORGANISATION, o.value()))));
      at.sort(java.util.Comparator.comparing(d -> d.getString(ORGANISATION)));
      stored.append(ORGANISATIONS, at);
    }
    return stored;
  }

  private static Document roles(Map<Role, Set<Sensitivity>> cleared, Document into) {
    cleared.forEach(
        (role, categories) ->
            into.append(role.name(), categories.stream().sorted().map(Enum::name).toList()));
    return into;
  }

  private static SensitiveClearances read(Document stored) {
    Map<OrganisationId, Map<Role, Set<Sensitivity>>> at = new LinkedHashMap<>();
    for (Document d : stored.getList(ORGANISATIONS, Document.class, List.of())) {
      try {
        at.put(new OrganisationId(String.valueOf(d.get(ORGANISATION))), roles(d));
      } catch (InvalidInputException unreadable) {
        // Not an organisation id: it clears nothing (fails closed).
      }
    }
    return new SensitiveClearances(roles(stored), at);
  }

  private static Map<Role, Set<Sensitivity>> roles(Document stored) {
    Map<Role, Set<Sensitivity>> cleared = new EnumMap<>(Role.class);
    for (Role role : SensitiveClearances.CLEARABLE) {
      Set<Sensitivity> categories = EnumSet.noneOf(Sensitivity.class);
      for (String name : stored.getList(role.name(), String.class, List.of())) {
        for (Sensitivity s : Sensitivity.values()) {
          if (s.name().equals(name)) {
            categories.add(s);
          }
        }
      }
      cleared.put(role, categories);
    }
    return cleared;
  }
}
