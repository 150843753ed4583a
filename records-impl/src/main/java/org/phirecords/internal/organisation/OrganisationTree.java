package org.phirecords.internal.organisation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationStatus;

/**
 * A snapshot of one tenant's organisation tree: each organisation's parent and own status, read in
 * one query. Answers the ancestry questions of the tree rules and of enforcement (is one
 * organisation at or below another, what lies below one, which status applies). A walk never loops:
 * an organisation met twice ends it (a cycle left by concurrent moves, see ADR 25).
 */
public final class OrganisationTree {
  /** One organisation's place: its parent (null below the tenant) and its own status. */
  record Node(String parent, OrganisationStatus status) {}

  private final Map<String, Node> nodes;

  OrganisationTree(Map<String, Node> nodes) {
    this.nodes = Map.copyOf(nodes);
  }

  /** Whether {@code id} exists in the tenant. */
  public boolean contains(OrganisationId id) {
    return nodes.containsKey(id.value());
  }

  /** How many organisations the tenant has. */
  public int size() {
    return nodes.size();
  }

  /** {@code id} and its ancestors, nearest first, up to the one directly below the tenant. */
  public List<OrganisationId> pathUp(OrganisationId id) {
    List<OrganisationId> path = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String at = id.value(); at != null && nodes.containsKey(at) && seen.add(at); ) {
      path.add(new OrganisationId(at));
      at = nodes.get(at).parent();
    }
    return path;
  }

  /** Whether {@code id} is {@code ancestor} or lies below it. */
  public boolean isWithin(OrganisationId id, OrganisationId ancestor) {
    return pathUp(id).contains(ancestor);
  }

  /** {@code id} and every organisation below it. */
  public Set<OrganisationId> subtree(OrganisationId id) {
    Set<OrganisationId> below = new LinkedHashSet<>();
    for (String other : nodes.keySet()) {
      OrganisationId candidate = new OrganisationId(other);
      if (isWithin(candidate, id)) {
        below.add(candidate);
      }
    }
    return below;
  }

  /**
   * {@code id} and every organisation below it whose status, with its ancestors', is active: what a
   * grant at {@code id} reaches (ADR 27). Empty if {@code id} is unknown or not active itself.
   */
  public Set<OrganisationId> active(OrganisationId id) {
    if (effectiveStatus(id).orElse(OrganisationStatus.CLOSED) != OrganisationStatus.ACTIVE) {
      return Set.of();
    }
    Set<OrganisationId> reached = new LinkedHashSet<>();
    for (OrganisationId candidate : subtree(id)) {
      if (effectiveStatus(candidate).orElse(OrganisationStatus.CLOSED)
          == OrganisationStatus.ACTIVE) {
        reached.add(candidate);
      }
    }
    return reached;
  }

  /**
   * The status that applies to {@code id}: the most restrictive of its own and its ancestors' (an
   * organisation below a closed one counts as closed); empty for an unknown organisation.
   */
  public Optional<OrganisationStatus> effectiveStatus(OrganisationId id) {
    if (!contains(id)) {
      return Optional.empty();
    }
    OrganisationStatus worst = OrganisationStatus.ACTIVE;
    for (OrganisationId at : pathUp(id)) {
      OrganisationStatus own = nodes.get(at.value()).status();
      if (own.ordinal() > worst.ordinal()) {
        worst = own;
      }
    }
    return Optional.of(worst);
  }

  /** Whether following parents from {@code id} comes back to an organisation already met. */
  public boolean cycleAbove(OrganisationId id) {
    Set<String> seen = new HashSet<>();
    for (String at = id.value(); at != null && nodes.containsKey(at); at = nodes.get(at).parent()) {
      if (!seen.add(at)) {
        return true;
      }
    }
    return false;
  }
}
