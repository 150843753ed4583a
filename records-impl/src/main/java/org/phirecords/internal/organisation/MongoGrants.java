package org.phirecords.internal.organisation;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.MongoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.conversions.Bson;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.NotFoundException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.security.RolePermissions;
import org.phirecords.internal.store.PageCursor;
import org.phirecords.internal.store.StoreErrors;
import org.phirecords.model.Grant;
import org.phirecords.model.GrantId;
import org.phirecords.model.GrantPrincipal;
import org.phirecords.model.GrantStatus;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationStatus;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.security.Role;
import org.phirecords.service.Grants;

/**
 * {@link Grants} on the {@code grants} collection (ADR 29). Every change is an announced write of
 * one document, conditional on the version it was decided on; a grant of a role that reads PHI
 * waits for a second tenant admin (dual control as in ADR 22), and no admin gives such a role to
 * themselves or a group they hold. Each change fires {@link GrantsChanged} so this instance's
 * access model forgets the tenant at once.
 */
@ApplicationScoped
public class MongoGrants implements Grants {
  /** Most grants a tenant holds (in force or pending). */
  static final int MAX_GRANTS = 10_000;

  private Operations operations;
  private Duration window;
  private Event<GrantsChanged> changed;
  private int maxGrants;

  /** For CDI. */
  protected MongoGrants() {}

  /** Grants of the current operation's tenant; pending ones lapse after the approval window. */
  @Inject
  public MongoGrants(Operations operations, RecordsConfig config, Event<GrantsChanged> changed) {
    this(operations, config, changed, MAX_GRANTS);
  }

  /** As above, holding at most {@code maxGrants} per tenant (tests). */
  MongoGrants(
      Operations operations, RecordsConfig config, Event<GrantsChanged> changed, int maxGrants) {
    this.operations = operations;
    this.window = config.mappingApprovalWindow();
    this.changed = changed;
    this.maxGrants = maxGrants;
  }

  @Override
  @RequiresPermission(Permission.GRANT_MANAGE)
  public Grant create(GrantPrincipal principal, Role role, Optional<OrganisationId> organisation) {
    Operation op = operations.current();
    TenantId tenant = op.caller().tenant().orElseThrow();
    GrantId id = GrantRepository.idOf(tenant, principal, role, organisation);
    if (!RolePermissions.grantable(role)) {
      throw refused(op, AuditAction.CREATE, AuditOutcome.DENIED, id, ErrorCode.ROLE_NOT_GRANTABLE);
    }
    boolean phi = RolePermissions.readsPhi(role);
    if (phi && holds(op.caller(), principal)) {
      throw refused(op, AuditAction.CREATE, AuditOutcome.DENIED, id, ErrorCode.OWN_GROUP_PHI_ROLE);
    }
    organisation.ifPresent(o -> requireOpen(op, o, id));
    GrantRepository grants = GrantRepository.of(op);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Optional<GrantRepository.Stored> stored = grants.byId(id);
    Optional<Grant> live = stored.flatMap(GrantRepository.Stored::grant).filter(g -> live(g, now));
    if (live.isPresent()) {
      op.record(AuditAction.CREATE, ResourceType.GRANT, AuditOutcome.SUCCESS, id.value(), null, 0);
      return live.get();
    }
    if (grants.count(GrantRepository.live(now.minus(window))) >= maxGrants) {
      throw refused(op, AuditAction.CREATE, AuditOutcome.CONFLICT, id, ErrorCode.GRANT_LIMIT);
    }
    Grant grant =
        new Grant(
            id,
            principal,
            role,
            organisation,
            phi ? GrantStatus.PENDING : GrantStatus.ACTIVE,
            op.caller().subject(),
            Optional.empty(),
            now);
    long version = stored.map(GrantRepository.Stored::version).orElse(0L);
    WriteIntent intent = GrantRepository.announce(op, AuditAction.CREATE, id, version + 1);
    grants.removeLapsed(now.minus(window), id); // requests that lapsed grant nothing; make room
    boolean written;
    try {
      if (stored.isPresent()) {
        written = grants.replace(grant, version, intent);
      } else {
        grants.insert(grant, intent);
        written = true;
      }
    } catch (MongoException e) {
      if (!StoreErrors.isDuplicateKey(e)) {
        throw e;
      }
      written = false;
    }
    if (!written) {
      // The same grant was created or changed concurrently: answer it as it is now.
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      return grants
          .byId(id)
          .flatMap(GrantRepository.Stored::grant)
          .orElseThrow(() -> new RecordsException(ErrorCode.VERSION_CONFLICT));
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    changed.fire(new GrantsChanged(tenant));
    return grant;
  }

  @Override
  @RequiresPermission(Permission.GRANT_MANAGE)
  public Grant approve(GrantId id) {
    Operation op = operations.current();
    GrantRepository grants = GrantRepository.of(op);
    GrantRepository.Stored stored = existing(op, grants, id, AuditAction.UPDATE);
    Grant grant = stored.grant().orElseThrow();
    Instant now = Instant.now();
    if (grant.status() != GrantStatus.PENDING || !live(grant, now)) {
      throw refused(op, AuditAction.UPDATE, AuditOutcome.CONFLICT, id, ErrorCode.GRANT_NOT_PENDING);
    }
    Caller caller = op.caller();
    if (caller.subject().equals(grant.requestedBy())) {
      throw refused(
          op, AuditAction.UPDATE, AuditOutcome.DENIED, id, ErrorCode.SECOND_APPROVER_REQUIRED);
    }
    if (holds(caller, grant.principal())) {
      throw refused(op, AuditAction.UPDATE, AuditOutcome.DENIED, id, ErrorCode.OWN_GROUP_PHI_ROLE);
    }
    WriteIntent intent = GrantRepository.announce(op, AuditAction.UPDATE, id, stored.version() + 1);
    Optional<Grant> approved =
        grants.approve(id, stored.version(), caller.subject(), now.minus(window), intent);
    if (approved.isEmpty()) {
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new RecordsException(ErrorCode.GRANT_NOT_PENDING);
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    changed.fire(new GrantsChanged(caller.tenant().orElseThrow()));
    return approved.get();
  }

  @Override
  @RequiresPermission(Permission.GRANT_MANAGE)
  public Grant revoke(GrantId id) {
    Operation op = operations.current();
    GrantRepository grants = GrantRepository.of(op);
    GrantRepository.Stored stored = existing(op, grants, id, AuditAction.DELETE);
    WriteIntent intent = GrantRepository.announce(op, AuditAction.DELETE, id, stored.version() + 1);
    if (!grants.markRevoked(id, stored.version(), intent)) {
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new RecordsException(ErrorCode.VERSION_CONFLICT);
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    grants.removeRevoked(id);
    changed.fire(new GrantsChanged(op.caller().tenant().orElseThrow()));
    return stored.grant().orElseThrow();
  }

  @Override
  @RequiresPermission(Permission.GRANT_READ)
  public Grant get(GrantId id) {
    Operation op = operations.current();
    Grant found =
        GrantRepository.of(op)
            .byId(id)
            .flatMap(GrantRepository.Stored::grant)
            .filter(g -> live(g, Instant.now()))
            .orElseThrow(() -> op.notFound(id.value(), null));
    op.record(AuditOutcome.SUCCESS, id.value(), null, 1);
    return found;
  }

  @Override
  @RequiresPermission(Permission.GRANT_READ)
  public Page<Grant> list(
      Optional<OrganisationId> organisation,
      Optional<GrantPrincipal> principal,
      PageRequest request) {
    Operation op = operations.current();
    List<Bson> filter = new ArrayList<>();
    filter.add(GrantRepository.live(Instant.now().minus(window)));
    organisation.ifPresent(o -> filter.add(eq(GrantRepository.ORGANISATION, o.value())));
    principal.ifPresent(
        p -> {
          filter.add(eq(GrantRepository.PRINCIPAL_KIND, p.kind().name()));
          filter.add(eq(GrantRepository.PRINCIPAL, p.value()));
        });
    PageCursor cursors = PageCursor.of("grants", op.caller().tenant().orElseThrow().value(), "");
    Page<Grant> page =
        cursors.page(
            GrantRepository.of(op)
                .page(and(filter), cursors.parsed(request, GrantId::new), request.limit() + 1),
            request,
            g -> g.id().value());
    op.record(
        AuditAction.SEARCH,
        ResourceType.GRANT,
        AuditOutcome.SUCCESS,
        null,
        null,
        page.items().size());
    return page;
  }

  /** Whether a pending grant is still within its approval window (one in force always is). */
  private boolean live(Grant grant, Instant now) {
    return grant.status() == GrantStatus.ACTIVE || grant.createdAt().plus(window).isAfter(now);
  }

  /** Whether {@code principal} is the caller or one of the groups in the caller's token. */
  private static boolean holds(Caller caller, GrantPrincipal principal) {
    return principal.kind() == GrantPrincipal.Kind.SUBJECT
        ? caller.subject().equals(principal.value())
        : caller.groups().contains(principal.value());
  }

  /** The stored grant {@code id} (pending ones lapsed included); else an audited 404. */
  private static GrantRepository.Stored existing(
      Operation op, GrantRepository grants, GrantId id, AuditAction action) {
    return grants
        .byId(id)
        .filter(s -> s.grant().isPresent())
        .orElseThrow(
            () -> {
              op.record(action, ResourceType.GRANT, AuditOutcome.NOT_FOUND, id.value(), null, 0);
              return new NotFoundException();
            });
  }

  /** Requires {@code organisation} to exist and not to be closed (itself or above). */
  private static void requireOpen(Operation op, OrganisationId organisation, GrantId id) {
    OrganisationTree tree = OrganisationRepository.of(op).tree();
    if (!tree.contains(organisation)) {
      throw refused(
          op, AuditAction.CREATE, AuditOutcome.NOT_FOUND, id, ErrorCode.ORGANISATION_NOT_FOUND);
    }
    if (tree.effectiveStatus(organisation).orElseThrow() == OrganisationStatus.CLOSED) {
      throw refused(
          op, AuditAction.CREATE, AuditOutcome.CONFLICT, id, ErrorCode.ORGANISATION_STATE);
    }
  }

  /** Audits a refusal concerning grant {@code id}; the exception to throw. */
  private static RecordsException refused(
      Operation op, AuditAction action, AuditOutcome outcome, GrantId id, ErrorCode code) {
    op.record(action, ResourceType.GRANT, outcome, id.value(), null, 0);
    return new RecordsException(code);
  }
}
