package org.phirecords.internal.organisation;

import com.mongodb.MongoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.error.VersionConflictException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.store.PageCursor;
import org.phirecords.internal.store.StoreErrors;
import org.phirecords.model.Organisation;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationKind;
import org.phirecords.model.OrganisationStatus;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.Organisations;

/**
 * {@link Organisations} on the {@code organisations} collection (ADR 25). Every change is an
 * announced write on one document, conditional on the version it was decided on; the rules that
 * span documents (no cycles, no closing with members) are checked before and again after the write,
 * and a write that lost a race is undone and refused.
 */
@ApplicationScoped
public class MongoOrganisations implements Organisations {
  /** Letters, digits, spaces and {@code . , ' & ( ) / -}; no leading or trailing space. */
  static final Pattern NAME =
      Pattern.compile(
          "[\\p{L}\\p{N}.,'&()/-]([\\p{L}\\p{N} .,'&()/-]{0,118}[\\p{L}\\p{N}.,'&()/-])?");

  private Operations operations;
  private TreeRules rules;

  /** For CDI. */
  protected MongoOrganisations() {}

  /** The tree of the current operation's tenant. */
  @Inject
  public MongoOrganisations(Operations operations) {
    this.operations = operations;
    this.rules = new TreeRules();
  }

  @Override
  @RequiresPermission(Permission.ORGANISATION_MANAGE)
  public Organisation create(
      OrganisationId id,
      String displayName,
      OrganisationKind kind,
      Optional<OrganisationId> parent) {
    Operation op = operations.current();
    requireName(displayName);
    OrganisationRepository organisations = OrganisationRepository.of(op);
    Optional<Organisation> existing = organisations.byId(id);
    if (existing.isPresent()) {
      return repeated(op, existing.get(), displayName, kind, parent);
    }
    parent.ifPresent(p -> requireOpen(op, organisations.tree(), p, id));
    WriteIntent intent = OrganisationRepository.announce(op, AuditAction.CREATE, id, 1L);
    Organisation created;
    try {
      created = organisations.insert(id, displayName, kind, parent, intent);
    } catch (MongoException e) {
      if (!StoreErrors.isDuplicateKey(e)) {
        throw e;
      }
      // The same create ran concurrently: answer as a repeat.
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      return repeated(op, organisations.byId(id).orElseThrow(), displayName, kind, parent);
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return created;
  }

  @Override
  @RequiresPermission(Permission.ORGANISATION_READ)
  public Organisation get(OrganisationId id) {
    Operation op = operations.current();
    Organisation found =
        OrganisationRepository.of(op).byId(id).orElseThrow(() -> op.notFound(id.value(), null));
    op.record(AuditOutcome.SUCCESS, id.value(), null, 1);
    return found;
  }

  @Override
  @RequiresPermission(Permission.ORGANISATION_READ)
  public Page<Organisation> list(PageRequest request) {
    Operation op = operations.current();
    PageCursor cursors =
        PageCursor.of("organisations", op.caller().tenant().orElseThrow().value(), "");
    Page<Organisation> page =
        cursors.page(
            OrganisationRepository.of(op)
                .page(cursors.parsed(request, OrganisationId::new), request.limit() + 1),
            request,
            o -> o.id().value());
    op.record(
        AuditAction.SEARCH,
        ResourceType.ORGANISATION,
        AuditOutcome.SUCCESS,
        null,
        null,
        page.items().size());
    return page;
  }

  @Override
  @RequiresPermission(Permission.ORGANISATION_MANAGE)
  public Organisation rename(OrganisationId id, String displayName) {
    requireName(displayName);
    return change(id, OrganisationRepository.name(displayName));
  }

  @Override
  @RequiresPermission(Permission.ORGANISATION_MANAGE)
  public Organisation move(OrganisationId id, Optional<OrganisationId> parent) {
    Operation op = operations.current();
    OrganisationRepository organisations = OrganisationRepository.of(op);
    Organisation current = organisations.byId(id).orElseThrow(() -> op.notFound(id.value(), null));
    if (current.status() == OrganisationStatus.CLOSED) {
      throw refused(op, ErrorCode.ORGANISATION_STATE, id);
    }
    if (current.parent().equals(parent)) {
      op.record(AuditOutcome.SUCCESS, id.value(), null, 0);
      return current;
    }
    return rules.move(op, organisations, current, parent);
  }

  @Override
  @RequiresPermission(Permission.ORGANISATION_MANAGE)
  public Organisation suspend(OrganisationId id) {
    return toStatus(id, OrganisationStatus.SUSPENDED);
  }

  @Override
  @RequiresPermission(Permission.ORGANISATION_MANAGE)
  public Organisation reactivate(OrganisationId id) {
    return toStatus(id, OrganisationStatus.ACTIVE);
  }

  @Override
  @RequiresPermission(Permission.ORGANISATION_MANAGE)
  public Organisation close(OrganisationId id) {
    Operation op = operations.current();
    OrganisationRepository organisations = OrganisationRepository.of(op);
    Organisation current = organisations.byId(id).orElseThrow(() -> op.notFound(id.value(), null));
    if (current.status() == OrganisationStatus.CLOSED) {
      return current;
    }
    return rules.close(op, organisations, current, Instant.now());
  }

  private Organisation toStatus(OrganisationId id, OrganisationStatus target) {
    return change(id, OrganisationRepository.status(target));
  }

  /**
   * Sets {@code set} (a name or a status) on {@code id} as one announced write at the next version.
   * A closed organisation is refused; one that already has the value is answered as it is.
   */
  private Organisation change(OrganisationId id, Document set) {
    Operation op = operations.current();
    OrganisationRepository organisations = OrganisationRepository.of(op);
    Organisation current = organisations.byId(id).orElseThrow(() -> op.notFound(id.value(), null));
    if (current.status() == OrganisationStatus.CLOSED) {
      throw refused(op, ErrorCode.ORGANISATION_STATE, id);
    }
    if (current.status().name().equals(set.getString(OrganisationRepository.STATUS))
        || current.displayName().equals(set.getString(OrganisationRepository.NAME))) {
      op.record(AuditOutcome.SUCCESS, id.value(), null, 0);
      return current;
    }
    WriteIntent intent =
        OrganisationRepository.announce(op, AuditAction.UPDATE, id, current.version() + 1);
    Optional<Organisation> after = organisations.update(id, current.version(), set, intent);
    if (after.isEmpty()) {
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new VersionConflictException();
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    return after.get();
  }

  /** A repeated create: the organisation as it is when it matches, else a 409. */
  private static Organisation repeated(
      Operation op,
      Organisation existing,
      String displayName,
      OrganisationKind kind,
      Optional<OrganisationId> parent) {
    boolean same =
        existing.displayName().equals(displayName)
            && existing.kind() == kind
            && existing.parent().equals(parent);
    if (!same) {
      throw refused(op, ErrorCode.DUPLICATE, existing.id());
    }
    op.record(
        AuditAction.CREATE,
        ResourceType.ORGANISATION,
        AuditOutcome.SUCCESS,
        existing.id().value(),
        null,
        0);
    return existing;
  }

  /** Requires {@code parent} to exist and not be closed, and not to lie at or below {@code id}. */
  static void requireOpen(
      Operation op, OrganisationTree tree, OrganisationId parent, OrganisationId id) {
    if (!tree.contains(parent)) {
      throw refused(op, ErrorCode.ORGANISATION_NOT_FOUND, id);
    }
    if (tree.isWithin(parent, id)) {
      throw refused(op, ErrorCode.ORGANISATION_CYCLE, id);
    }
    if (tree.effectiveStatus(parent).orElseThrow() == OrganisationStatus.CLOSED) {
      throw refused(op, ErrorCode.ORGANISATION_STATE, id);
    }
  }

  /** Audits a refusal of a change of {@code id} and returns the exception to throw. */
  static RecordsException refused(Operation op, ErrorCode code, OrganisationId id) {
    op.record(
        AuditAction.UPDATE,
        ResourceType.ORGANISATION,
        code == ErrorCode.ORGANISATION_NOT_FOUND ? AuditOutcome.NOT_FOUND : AuditOutcome.CONFLICT,
        id.value(),
        null,
        0);
    return new RecordsException(code);
  }

  /** Requires a display name of the allowed form (the body checks it too; embedders call here). */
  static void requireName(String displayName) {
    if (displayName == null || !NAME.matcher(displayName).matches()) {
      throw InvalidInputException.invalid(
          "/displayName",
          "must be 1 to 120 letters, digits, spaces or . , ' & ( ) / -, not starting or ending with"
              + " a space");
    }
  }
}
