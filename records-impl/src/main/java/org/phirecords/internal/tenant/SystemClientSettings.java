package org.phirecords.internal.tenant;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.security.SmartScope;
import org.phirecords.internal.security.SystemScopes;
import org.phirecords.internal.store.SharedLoads;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.SystemClient;
import org.phirecords.model.SystemClients;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;

/**
 * A tenant's system clients and its own scope-table rows (ADR 39), stored in its registry entry as
 * {@code systemClients: {clients: [{clientId, subject, scopes, organisations}], rows: [{row,
 * permissions}]}} (organisations bound a client below the tenant, ADR 42). What cannot be read
 * grants nothing: an unknown permission name is dropped, a malformed client skipped. Kept per
 * instance for the lease on a tenant's standing when built with a configuration, so authentication
 * pays no registry read per request (ADR 31).
 */
public final class SystemClientSettings {
  /** The registry field. */
  static final String FIELD = "systemClients";

  /** Most clients per tenant, scopes per client, and rows of its own. */
  public static final int MAX_CLIENTS = 50;

  public static final int MAX_SCOPES = 50;
  public static final int MAX_ROWS = 200;

  private static final Pattern ORGANISATION = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
  private static final Pattern VISIBLE = Pattern.compile("[^\\p{Cntrl}\\p{Space}]{1,256}");

  private final TenantRepository registry;
  private final AsyncCache<String, SystemClients> kept;

  /** The settings in the registry of {@code collections}, read on every call. */
  public SystemClientSettings(TenantCollections collections) {
    this.registry = new TenantRepository(collections);
    this.kept = null;
  }

  /** As above, each tenant's kept for {@code records.tenancy.status-cache-seconds}. */
  public SystemClientSettings(TenantCollections collections, RecordsConfig config) {
    this.registry = new TenantRepository(collections);
    Duration lease = TenantStatusLookup.lease(config);
    if (lease.isZero()) {
      this.kept = null;
    } else {
      this.kept =
          Caffeine.newBuilder()
              .maximumSize(TenantStatusLookup.MAX_KEPT)
              .expireAfterWrite(lease)
              .executor(Runnable::run)
              .buildAsync();
      collections.watchRegistry(t -> kept.synchronous().invalidate(t.value()));
    }
  }

  /**
   * {@code tenant}'s clients and rows, with the table in force. Concurrent callers share one read,
   * and its failure: with the store unreachable each waits one timeout, not one per caller ahead.
   */
  public SystemClients of(TenantId tenant) {
    return kept == null ? read(tenant) : SharedLoads.get(kept, tenant.value(), () -> read(tenant));
  }

  private SystemClients read(TenantId tenant) {
    return registry
        .fields(tenant, List.of(FIELD))
        .flatMap(d -> Optional.ofNullable(d.get(FIELD, Document.class)))
        .map(SystemClientSettings::read)
        .orElseGet(() -> withTable(List.of(), Map.of()));
  }

  private static SystemClients read(Document d) {
    List<SystemClient> clients = new ArrayList<>();
    for (Document c : d.getList("clients", Document.class, List.of())) {
      String id = c.getString("clientId");
      if (id != null) {
        clients.add(
            new SystemClient(
                id,
                c.getString("subject"),
                c.getList("scopes", String.class, List.of()),
                c.getList("organisations", String.class, List.of())));
      }
    }
    Map<String, Set<Permission>> rows = new LinkedHashMap<>();
    for (Document r : d.getList("rows", Document.class, List.of())) {
      Set<Permission> permissions = EnumSet.noneOf(Permission.class);
      for (String name : r.getList("permissions", String.class, List.of())) {
        for (Permission p : Permission.values()) {
          if (p.name().equals(name)) {
            permissions.add(p);
          }
        }
      }
      rows.put(r.getString("row"), permissions);
    }
    return withTable(clients, rows, d.getString("tokenEndpoint"));
  }

  /** {@code clients} and {@code rows} with the table in force. */
  static SystemClients withTable(List<SystemClient> clients, Map<String, Set<Permission>> rows) {
    return withTable(clients, rows, null);
  }

  private static SystemClients withTable(
      List<SystemClient> clients, Map<String, Set<Permission>> rows, String tokenEndpoint) {
    return new SystemClients(clients, rows, SystemScopes.table(rows), tokenEndpoint);
  }

  static Document stored(SystemClients s) {
    List<Document> clients = new ArrayList<>();
    for (SystemClient c : s.clients()) {
      clients.add(
          new Document("clientId", c.clientId())
              .append("subject", c.subject())
              .append("scopes", c.scopes())
              .append("organisations", c.organisations()));
    }
    List<Document> rows = new ArrayList<>();
    s.scopeTable()
        .forEach(
            (row, p) ->
                rows.add(
                    new Document("row", row)
                        .append("permissions", p.stream().map(Enum::name).sorted().toList())));
    return new Document("clients", clients)
        .append("rows", rows)
        .append("tokenEndpoint", s.tokenEndpoint());
  }

  /** Checks {@code s} before it is stored; throws 400 naming the field. */
  static void validate(SystemClients s) {
    if (s.tokenEndpoint() != null && !httpsOrLoopback(s.tokenEndpoint())) {
      throw refused(ErrorCode.TOKEN_ENDPOINT_INVALID, "/tokenEndpoint", "not an https URL");
    }
    if (s.clients().size() > MAX_CLIENTS) {
      throw refused(ErrorCode.SYSTEM_CLIENT_INVALID, "/clients", "at most 50 clients");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < s.clients().size(); i++) {
      SystemClient c = s.clients().get(i);
      String at = "/clients/" + i;
      if (!usable(c.clientId()) || !ids.add(c.clientId())) {
        throw refused(ErrorCode.SYSTEM_CLIENT_INVALID, at + "/clientId", "invalid or listed twice");
      }
      if (!usable(c.subject())) {
        throw refused(ErrorCode.SYSTEM_CLIENT_INVALID, at + "/subject", "invalid");
      }
      if (c.scopes().size() > MAX_SCOPES) {
        throw refused(ErrorCode.SCOPE_INVALID, at + "/scopes", "at most 50 scopes");
      }
      if (c.organisations().size() > MAX_SCOPES
          || !c.organisations().stream()
              .allMatch(o -> o != null && ORGANISATION.matcher(o).matches())) {
        throw refused(ErrorCode.SYSTEM_CLIENT_ORGANISATIONS, at + "/organisations", "invalid");
      }
      for (int j = 0; j < c.scopes().size(); j++) {
        String scope = c.scopes().get(j);
        if (scope == null || SmartScope.parse(scope).isEmpty()) {
          throw refused(ErrorCode.SCOPE_INVALID, at + "/scopes/" + j, "not a system scope");
        }
      }
    }
    if (s.scopeTable().size() > MAX_ROWS) {
      throw refused(ErrorCode.SCOPE_INVALID, "/scopeTable", "at most 200 rows");
    }
    s.scopeTable()
        .forEach(
            (row, permissions) -> {
              if (row == null || !SystemScopes.ROW.matcher(row).matches()) {
                throw refused(
                    ErrorCode.SCOPE_INVALID, "/scopeTable", "rows are <type>.<c|r|u|d|s>");
              }
              if (!permissions.stream().allMatch(SystemScopes::allowed)) {
                throw refused(
                    ErrorCode.SCOPE_PERMISSION_NOT_ALLOWED,
                    "/scopeTable",
                    "a permission no system client may hold");
              }
            });
  }

  /** An absolute https URL of at most 500 characters, or http on the loopback interface. */
  private static boolean httpsOrLoopback(String url) {
    try {
      java.net.URI uri = new java.net.URI(url);
      String host = uri.getHost() == null ? "" : uri.getHost();
      return url.length() <= 500
          && uri.getUserInfo() == null
          && ("https".equals(uri.getScheme()) && !host.isEmpty()
              || "http".equals(uri.getScheme())
                  && (host.equals("localhost") || host.equals("127.0.0.1")));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** A client id or subject the audit trail can hold: as for a token's subject (ADR 14). */
  private static boolean usable(String id) {
    if (id == null || !VISIBLE.matcher(id).matches()) {
      return false;
    }
    String lower = id.toLowerCase(Locale.ROOT);
    return !lower.equals("anonymous") && !lower.startsWith("system:");
  }

  private static InvalidInputException refused(ErrorCode code, String field, String why) {
    return new InvalidInputException(code, field, why);
  }
}
