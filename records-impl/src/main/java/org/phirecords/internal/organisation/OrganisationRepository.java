package org.phirecords.internal.organisation;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.Organisation;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationKind;
import org.phirecords.model.OrganisationStatus;
import org.phirecords.model.TenantId;

/**
 * The {@code organisations} collection: the only code that touches it. One document per
 * organisation of a tenant, holding its parent only (no stored path), so that a move is one
 * conditional update of one document; versioned and stamped with the write intent (ADR 20).
 */
public final class OrganisationRepository {
  static final String ID = "organisationId";
  static final String NAME = "displayName";
  static final String KIND = "kind";
  static final String PARENT = "parentId";
  static final String STATUS = "status";
  static final String VERSION = "version";
  static final String UPDATED = "updatedAt";

  private final TenantScopedCollection organisations;

  private OrganisationRepository(TenantScopedCollection organisations) {
    this.organisations = organisations;
  }

  /** The organisations of the tenant of {@code op}. */
  static OrganisationRepository of(Operation op) {
    return new OrganisationRepository(op.handle(StoredCollection.ORGANISATIONS));
  }

  /** The organisations of {@code tenant}, for the module's own look-ups (enforcement). */
  public static OrganisationRepository of(TenantCollections collections, TenantId tenant) {
    return new OrganisationRepository(
        collections.forMaintenance(StoredCollection.ORGANISATIONS, tenant));
  }

  /** Announces version {@code version} of {@code id}, audited as {@code action} (ADR 20). */
  static WriteIntent announce(
      Operation op, org.phirecords.audit.AuditAction action, OrganisationId id, long version) {
    return op.intend(action, StoredCollection.ORGANISATIONS, ID, id.value(), null, version);
  }

  /** The tenant's whole tree, parents and statuses only, in one query. */
  public OrganisationTree tree() {
    Map<String, OrganisationTree.Node> nodes = new HashMap<>();
    for (Document d :
        organisations.find(new Document(), Projections.include(ID, PARENT, STATUS), null, 0)) {
      nodes.put(
          d.getString(ID),
          new OrganisationTree.Node(
              d.getString(PARENT), OrganisationStatus.valueOf(d.getString(STATUS))));
    }
    return new OrganisationTree(nodes);
  }

  /** Organisation {@code id}, if it exists. */
  Optional<Organisation> byId(OrganisationId id) {
    return organisations.findOne(eq(ID, id.value()), null, null).map(OrganisationRepository::read);
  }

  /** Up to {@code max} organisations by id, after {@code after} if given. */
  List<Organisation> page(Optional<OrganisationId> after, int max) {
    return organisations
        .find(
            after.map(a -> gt(ID, a.value())).orElse(new Document()),
            null,
            Sorts.ascending(ID),
            max)
        .stream()
        .map(OrganisationRepository::read)
        .toList();
  }

  /** Stores a new organisation at version 1, stamped with {@code intent}; throws on a duplicate. */
  Organisation insert(
      OrganisationId id,
      String displayName,
      OrganisationKind kind,
      Optional<OrganisationId> parent,
      WriteIntent intent) {
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    organisations.insertOne(
        new Document(ID, id.value())
            .append(NAME, displayName)
            .append(KIND, kind.name())
            .append(PARENT, parent.map(OrganisationId::value).orElse(null))
            .append(STATUS, OrganisationStatus.ACTIVE.name())
            .append(VERSION, 1L)
            .append("createdAt", Date.from(now))
            .append(UPDATED, Date.from(now))
            .append(WriteIntent.STAMP, intent.id()));
    return new Organisation(id, displayName, kind, parent, OrganisationStatus.ACTIVE, 1L, now);
  }

  /**
   * Sets {@code changes} on version {@code expected} of {@code id}, one version on, stamped with
   * {@code intent}; the organisation after, or empty if it changed meanwhile.
   */
  Optional<Organisation> update(
      OrganisationId id, long expected, Document changes, WriteIntent intent) {
    Document set =
        new Document(changes).append(UPDATED, new Date()).append(WriteIntent.STAMP, intent.id());
    return organisations
        .findOneAndUpdate(
            and(eq(ID, id.value()), eq(VERSION, expected)),
            new Document("$set", set).append("$inc", new Document(VERSION, 1L)))
        .map(OrganisationRepository::read);
  }

  /** The change of parent to {@code parent} (empty: below the tenant). */
  static Document parent(Optional<OrganisationId> parent) {
    return new Document(PARENT, parent.map(OrganisationId::value).orElse(null));
  }

  /** The change of status to {@code status}. */
  static Document status(OrganisationStatus status) {
    return new Document(STATUS, status.name());
  }

  /** The change of display name to {@code name}. */
  static Document name(String name) {
    return new Document(NAME, name);
  }

  private static Organisation read(Document d) {
    return new Organisation(
        new OrganisationId(d.getString(ID)),
        d.getString(NAME),
        OrganisationKind.valueOf(d.getString(KIND)),
        Optional.ofNullable(d.getString(PARENT)).map(OrganisationId::new),
        OrganisationStatus.valueOf(d.getString(STATUS)),
        d.get(VERSION, Number.class).longValue(),
        d.getDate(UPDATED).toInstant());
  }

  /** Removes every organisation of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return collections
        .forMaintenance(StoredCollection.ORGANISATIONS, tenant)
        .deleteMany(new Document());
  }
}
