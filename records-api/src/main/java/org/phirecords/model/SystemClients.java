package org.phirecords.model;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.phirecords.security.Permission;

/**
 * A tenant's system clients and its own rows of the scope table (ADR 39).
 *
 * @param clients the registered clients, each client id once
 * @param scopeTable the tenant's own rows ({@code Observation.r} to permissions), replacing the
 *     module's row of the same key; an empty row removes the module's
 * @param table the rows in force (the module's with the tenant's applied); ignored on update
 * @param tokenEndpoint the token endpoint of the tenant's identity provider where its clients get
 *     their tokens, published in the SMART configuration (ADR 42); null if not set
 */
public record SystemClients(
    List<SystemClient> clients,
    Map<String, Set<Permission>> scopeTable,
    Map<String, Set<Permission>> table,
    String tokenEndpoint) {
  /** Copies. */
  public SystemClients {
    clients = clients == null ? List.of() : List.copyOf(clients);
    scopeTable = copy(scopeTable);
    table = copy(table);
  }

  /** Without a token endpoint. */
  public SystemClients(
      List<SystemClient> clients,
      Map<String, Set<Permission>> scopeTable,
      Map<String, Set<Permission>> table) {
    this(clients, scopeTable, table, null);
  }

  /** No clients, no rows of its own. */
  public static SystemClients none() {
    return new SystemClients(List.of(), Map.of(), Map.of());
  }

  /** The client whose id is {@code clientId}, if registered. */
  public Optional<SystemClient> client(String clientId) {
    return clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
  }

  private static Map<String, Set<Permission>> copy(Map<String, Set<Permission>> rows) {
    Map<String, Set<Permission>> copy = new TreeMap<>();
    if (rows != null) {
      rows.forEach(
          (row, p) ->
              copy.put(row, p == null || p.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(p))));
    }
    return java.util.Collections.unmodifiableMap(copy);
  }
}
