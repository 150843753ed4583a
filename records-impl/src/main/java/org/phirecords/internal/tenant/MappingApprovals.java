package org.phirecords.internal.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.security.RolePermissions;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.model.GroupMapping;
import org.phirecords.model.MappingChange;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.Role;

/**
 * Dual control of group mappings (ADR 22). A group that is to gain a role that reads PHI gets a
 * pending change in the tenant's registry entry instead; a second administrator applies it. Every
 * write reads the mapping, the pending changes and the ids of closed changes, and sets all three
 * only if none changed meanwhile, so concurrent administrators never lose each other's changes.
 */
final class MappingApprovals {
  static final String CHANGES = "mappingChanges";
  static final String CLOSED = "mappingChangesClosed";
  private static final List<String> FIELDS =
      List.of(TenantDocuments.GROUP_MAPPING, CHANGES, CLOSED);
  private static final int ATTEMPTS = 5;
  private static final int CLOSED_KEPT = 64;

  /** Most changes awaiting approval at once (as many as a mapping has groups). */
  static final int MAX_PENDING = 100;

  private final Operations operations;
  private final TenantRepository registry;
  private final Duration window;

  MappingApprovals(Operations operations, TenantRepository registry, Duration window) {
    this.operations = operations;
    this.registry = registry;
    this.window = window;
  }

  /** The entry's mapping, its changes still pending and the ids of closed ones, as read. */
  private record State(
      Document read,
      Map<String, Set<Role>> mapping,
      List<MappingChange> pending,
      List<String> closed) {
    Optional<MappingChange> change(String id) {
      return pending.stream().filter(c -> c.id().equals(id)).findFirst();
    }
  }

  /** Applies what {@code proposed} changes at once; a new PHI role becomes a pending change. */
  GroupMapping request(GroupMapping proposed) {
    Caller caller = operations.current().caller();
    for (String group : caller.groups()) {
      if (grantsPhi(Set.of(), proposed.groups().getOrDefault(group, Set.of()))) {
        throw refused(AuditOutcome.DENIED, ErrorCode.OWN_GROUP_PHI_ROLE);
      }
    }
    state(); // 404 before announcing anything
    return write(
        s -> {
          Map<String, Set<Role>> mapping = new TreeMap<>();
          List<MappingChange> pending = new ArrayList<>(s.pending());
          List<String> closed = new ArrayList<>(s.closed());
          proposed
              .groups()
              .forEach(
                  (group, roles) -> {
                    Set<Role> before = s.mapping().getOrDefault(group, Set.of());
                    if (!roles.equals(before)) {
                      close(pending, closed, group);
                      if (grantsPhi(before, roles)) {
                        pending.add(change(group, roles, caller));
                        roles = s.mapping().get(group);
                      }
                    }
                    if (roles != null) {
                      mapping.put(group, roles);
                    }
                  });
          s.mapping().keySet().stream()
              .filter(g -> !proposed.groups().containsKey(g))
              .forEach(g -> close(pending, closed, g));
          if (pending.size() > MAX_PENDING) {
            throw InvalidInputException.invalid(
                "/groups", "at most " + MAX_PENDING + " changes may await approval");
          }
          return new State(s.read(), mapping, pending, closed);
        });
  }

  /** The changes still pending, oldest first. */
  List<MappingChange> pending() {
    List<MappingChange> pending = new ArrayList<>(state().pending());
    pending.sort(Comparator.comparing(MappingChange::requestedAt));
    return pending;
  }

  /** Applies pending change {@code id}, approved by the caller, who must not have requested it. */
  GroupMapping approve(String id) {
    Caller caller = operations.current().caller();
    MappingChange change = pendingChange(id);
    if (caller.subject().equals(change.requestedBy())) {
      throw refused(AuditOutcome.DENIED, ErrorCode.SECOND_APPROVER_REQUIRED);
    }
    if (caller.groups().contains(change.group())) {
      throw refused(AuditOutcome.DENIED, ErrorCode.OWN_GROUP_PHI_ROLE);
    }
    return write(
        s -> {
          Map<String, Set<Role>> mapping = new TreeMap<>(s.mapping());
          mapping.put(change.group(), change.roles());
          new GroupMapping(mapping); // still within the bounds (at most 100 groups)
          return without(s, id, mapping);
        });
  }

  /** Removes pending change {@code id} (withdrawn by its requester or rejected by another). */
  GroupMapping withdraw(String id) {
    pendingChange(id);
    return write(s -> without(s, id, s.mapping()));
  }

  private MappingChange pendingChange(String id) {
    MappingChange.requireId(id);
    State s = state();
    return s.change(id).orElseThrow(() -> closedOrAbsent(s, id));
  }

  private RecordsException closedOrAbsent(State s, String id) {
    return s.closed().contains(id)
        ? refused(AuditOutcome.CONFLICT, ErrorCode.MAPPING_CHANGE_SUPERSEDED)
        : refused(AuditOutcome.NOT_FOUND, ErrorCode.NOT_FOUND);
  }

  private State without(State s, String id, Map<String, Set<Role>> mapping) {
    // It was pending when the caller asked: it was closed since.
    MappingChange change =
        s.change(id).orElseThrow(() -> new RecordsException(ErrorCode.MAPPING_CHANGE_SUPERSEDED));
    List<MappingChange> pending = new ArrayList<>(s.pending());
    pending.remove(change);
    List<String> closed = new ArrayList<>(s.closed());
    closed.add(id);
    return new State(s.read(), mapping, pending, closed);
  }

  /**
   * Announces the change of the entry (ADR 20), then sets what {@code next} makes of it as read, if
   * nothing changed meanwhile; a few attempts, then {@code PHR-409-01}.
   */
  private GroupMapping write(java.util.function.UnaryOperator<State> next) {
    Operation op = operations.current();
    TenantId tenant = tenant();
    WriteIntent intent = op.intend(AuditAction.UPDATE, StoredCollection.TENANTS, tenant.value());
    TenantRepository marked = registry.markedBy(intent);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      State s;
      try {
        s = next.apply(state());
      } catch (RecordsException e) {
        op.conclude(intent, outcomeOf(e), 0);
        throw e;
      }
      List<String> closed = s.closed();
      Document values =
          new Document(TenantDocuments.GROUP_MAPPING, TenantDocuments.mapping(s.mapping()))
              .append(CHANGES, s.pending().stream().map(MappingApprovals::stored).toList())
              .append(
                  CLOSED, closed.subList(Math.max(0, closed.size() - CLOSED_KEPT), closed.size()));
      if (marked.compareAndSet(tenant, s.read(), values)) {
        op.conclude(intent, AuditOutcome.SUCCESS, 1);
        return new GroupMapping(s.mapping());
      }
    }
    op.conclude(intent, AuditOutcome.CONFLICT, 0);
    throw new RecordsException(ErrorCode.VERSION_CONFLICT);
  }

  private static AuditOutcome outcomeOf(RecordsException e) {
    return switch (e.errorCode()) {
      case NOT_FOUND -> AuditOutcome.NOT_FOUND;
      case MAPPING_CHANGE_SUPERSEDED -> AuditOutcome.CONFLICT;
      default -> AuditOutcome.ERROR;
    };
  }

  /** The entry as stored now; changes that expired count as closed. */
  private State state() {
    Document read =
        registry
            .fields(tenant(), FIELDS)
            .orElseThrow(() -> refused(AuditOutcome.NOT_FOUND, ErrorCode.NOT_FOUND));
    Instant now = Instant.now();
    List<MappingChange> pending = new ArrayList<>();
    List<String> closed = new ArrayList<>(read.getList(CLOSED, String.class, List.of()));
    for (Document d : read.getList(CHANGES, Document.class, List.of())) {
      MappingChange change = read(d);
      if (change.expiresAt().isAfter(now)) {
        pending.add(change);
      } else {
        closed.add(change.id());
      }
    }
    return new State(read, TenantDocuments.groupMapping(read), pending, closed);
  }

  private static void close(List<MappingChange> pending, List<String> closed, String group) {
    pending.removeIf(
        c -> {
          boolean replaced = c.group().equals(group);
          if (replaced) {
            closed.add(c.id());
          }
          return replaced;
        });
  }

  /** Whether {@code after} holds a role that reads PHI and that {@code before} does not. */
  static boolean grantsPhi(Set<Role> before, Set<Role> after) {
    return after.stream().anyMatch(r -> RolePermissions.readsPhi(r) && !before.contains(r));
  }

  private MappingChange change(String group, Set<Role> roles, Caller caller) {
    Instant now = Instant.now();
    return new MappingChange(
        MappingChange.newId(), group, roles, caller.subject(), now, now.plus(window));
  }

  private static Document stored(MappingChange c) {
    return TenantDocuments.entry(c.group(), c.roles())
        .append("id", c.id())
        .append("requestedBy", c.requestedBy())
        .append("requestedAt", Date.from(c.requestedAt()))
        .append("expiresAt", Date.from(c.expiresAt()));
  }

  private static MappingChange read(Document d) {
    return new MappingChange(
        d.getString("id"),
        d.getString("group"),
        TenantDocuments.roles(d),
        d.getString("requestedBy"),
        d.getDate("requestedAt").toInstant(),
        d.getDate("expiresAt").toInstant());
  }

  private TenantId tenant() {
    return operations.current().caller().tenant().orElseThrow();
  }

  /** Records the refusal of the caller's request with {@code outcome}; the error to throw. */
  private RecordsException refused(AuditOutcome outcome, ErrorCode code) {
    operations
        .current()
        .record(
            AuditAction.UPDATE,
            Permission.TENANT_SETTINGS.resourceType(),
            outcome,
            tenant().value(),
            null,
            0);
    return code == ErrorCode.NOT_FOUND ? new NotFoundException() : new RecordsException(code);
  }
}
