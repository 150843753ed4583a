package org.phirecords.internal.organisation;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.model.Sorts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.audit.AuditAction;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.Grant;
import org.phirecords.model.GrantId;
import org.phirecords.model.GrantPrincipal;
import org.phirecords.model.GrantStatus;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/**
 * The {@code grants} collection: the only code that touches it (ADR 27, ADR 29). One document per
 * grant: {@code grantId}, {@code principalKind} and {@code principal}, {@code role}, {@code
 * organisationId} ({@code null}: the root), {@code status}, {@code requestedBy}, {@code
 * approvedBy}, {@code version}, {@code createdAt}, stamped with its last write intent. No PHI.
 *
 * <p>The id is derived from tenant, principal, role and organisation, so the unique index makes a
 * grant exist once. A revocation first marks the document {@value #REVOKED} at its next version
 * (what the audit reconciler proves), then removes it; a mark left by a crash grants nothing and is
 * replaced by the next create of the same grant.
 */
public final class GrantRepository {
  static final String ID = "grantId";
  static final String PRINCIPAL_KIND = "principalKind";
  static final String PRINCIPAL = "principal";
  static final String ROLE = "role";
  static final String ORGANISATION = "organisationId";
  static final String STATUS = "status";
  static final String REQUESTED_BY = "requestedBy";
  static final String APPROVED_BY = "approvedBy";
  static final String VERSION = "version";
  static final String CREATED = "createdAt";

  /** The status of a grant being removed: never read as a grant. */
  static final String REVOKED = "REVOKED";

  /** A stored grant document: its version, and the grant unless it is being removed. */
  record Stored(long version, Optional<Grant> grant) {}

  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(GrantRepository.class.getName());

  private final TenantScopedCollection grants;

  private GrantRepository(TenantScopedCollection grants) {
    this.grants = grants;
  }

  /** The grants of the tenant of {@code op}. */
  static GrantRepository of(Operation op) {
    return new GrantRepository(op.handle(StoredCollection.GRANTS));
  }

  /** The grants of {@code tenant} in force, for the module's scope resolution (ADR 27). */
  public static List<Grant> active(TenantCollections collections, TenantId tenant) {
    List<Grant> active = new java.util.ArrayList<>();
    int unreadable = 0;
    for (Document d :
        collections
            .forMaintenance(StoredCollection.GRANTS, tenant)
            .find(eq(STATUS, GrantStatus.ACTIVE.name()), null, null, 0)) {
      try {
        active.add(read(d));
      } catch (RuntimeException malformed) {
        unreadable++; // a grant no one can read gives nothing: fail closed, for it alone
      }
    }
    if (unreadable > 0) {
      LOG.warning("Grants of tenant " + tenant.value() + " ignored as unreadable: " + unreadable);
    }
    return active;
  }

  /**
   * The id of {@code role} granted to {@code principal} at {@code organisation} in {@code tenant}:
   * 128 bits of a SHA-256 digest of the four, so a repeated or concurrent create finds the grant.
   */
  static GrantId idOf(
      TenantId tenant, GrantPrincipal principal, Role role, Optional<OrganisationId> organisation) {
    String key =
        String.join(
            "\n",
            tenant.value(),
            principal.kind().name(),
            principal.value(),
            role.name(),
            organisation.map(OrganisationId::value).orElse(""));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return new GrantId(
          Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Announces version {@code version} of {@code id}, audited as {@code action} (ADR 20). */
  static WriteIntent announce(Operation op, AuditAction action, GrantId id, long version) {
    return op.intend(action, StoredCollection.GRANTS, ID, id.value(), null, version);
  }

  /** Grants in force, and pending ones requested after {@code cutoff}. */
  static Bson live(Instant cutoff) {
    return or(
        eq(STATUS, GrantStatus.ACTIVE.name()),
        and(eq(STATUS, GrantStatus.PENDING.name()), gt(CREATED, Date.from(cutoff))));
  }

  /** The document of {@code id}, whatever its state. */
  Optional<Stored> byId(GrantId id) {
    return grants
        .findOne(eq(ID, id.value()), null, null)
        .map(
            d ->
                new Stored(
                    d.get(VERSION, Number.class).longValue(),
                    REVOKED.equals(d.getString(STATUS)) ? Optional.empty() : Optional.of(read(d))));
  }

  /** How many grants match {@code filter}. */
  long count(Bson filter) {
    return grants.count(filter);
  }

  /** Up to {@code max} grants matching {@code filter} by id, after {@code after} if given. */
  List<Grant> page(Bson filter, Optional<GrantId> after, int max) {
    List<Bson> conditions = new ArrayList<>(List.of(filter));
    after.ifPresent(a -> conditions.add(gt(ID, a.value())));
    return grants.find(and(conditions), null, Sorts.ascending(ID), max).stream()
        .map(GrantRepository::read)
        .toList();
  }

  /** Stores {@code grant} at version 1, stamped with {@code intent}; throws on a duplicate. */
  void insert(Grant grant, WriteIntent intent) {
    grants.insertOne(
        new Document(ID, grant.id().value())
            .append(PRINCIPAL_KIND, grant.principal().kind().name())
            .append(PRINCIPAL, grant.principal().value())
            .append(ROLE, grant.role().name())
            .append(ORGANISATION, grant.organisation().map(OrganisationId::value).orElse(null))
            .append(STATUS, grant.status().name())
            .append(REQUESTED_BY, grant.requestedBy())
            .append(APPROVED_BY, null)
            .append(VERSION, 1L)
            .append(CREATED, Date.from(grant.createdAt()))
            .append(WriteIntent.STAMP, intent.id()));
  }

  /**
   * Puts {@code grant} in place of version {@code expected} of its document (a lapsed request or a
   * removal's mark), one version on; false if the document changed meanwhile.
   */
  boolean replace(Grant grant, long expected, WriteIntent intent) {
    return update(
        and(eq(ID, grant.id().value()), eq(VERSION, expected)),
        new Document(STATUS, grant.status().name())
            .append(REQUESTED_BY, grant.requestedBy())
            .append(APPROVED_BY, null)
            .append(CREATED, Date.from(grant.createdAt())),
        intent);
  }

  /**
   * Puts version {@code expected} of pending grant {@code id}, requested after {@code cutoff}, in
   * force as approved by {@code approver}; the grant after, or empty if it changed or lapsed.
   */
  Optional<Grant> approve(
      GrantId id, long expected, String approver, Instant cutoff, WriteIntent intent) {
    Bson pending =
        and(
            eq(ID, id.value()),
            eq(VERSION, expected),
            eq(STATUS, GrantStatus.PENDING.name()),
            gt(CREATED, Date.from(cutoff)));
    return grants
        .findOneAndUpdate(
            pending,
            changes(
                new Document(STATUS, GrantStatus.ACTIVE.name()).append(APPROVED_BY, approver),
                intent))
        .map(GrantRepository::read);
  }

  /** Marks version {@code expected} of {@code id} as being removed; false if it changed. */
  boolean markRevoked(GrantId id, long expected, WriteIntent intent) {
    return update(
        and(eq(ID, id.value()), eq(VERSION, expected)), new Document(STATUS, REVOKED), intent);
  }

  /** Removes {@code id} once marked as being removed. */
  void removeRevoked(GrantId id) {
    grants.deleteMany(and(eq(ID, id.value()), eq(STATUS, REVOKED)));
  }

  /**
   * Removes pending grants requested at or before {@code cutoff} (lapsed, granting nothing) but
   * {@code kept}, which the caller is about to replace.
   */
  long removeLapsed(Instant cutoff, GrantId kept) {
    return grants.deleteMany(
        and(
            eq(STATUS, GrantStatus.PENDING.name()),
            lte(CREATED, Date.from(cutoff)),
            ne(ID, kept.value())));
  }

  private boolean update(Bson filter, Document set, WriteIntent intent) {
    return grants.findOneAndUpdate(filter, changes(set, intent)).isPresent();
  }

  private static Document changes(Document set, WriteIntent intent) {
    return new Document("$set", new Document(set).append(WriteIntent.STAMP, intent.id()))
        .append("$inc", new Document(VERSION, 1L));
  }

  /** The grant of a stored form. */
  static Grant read(Document d) {
    return new Grant(
        new GrantId(d.getString(ID)),
        new GrantPrincipal(
            GrantPrincipal.Kind.valueOf(d.getString(PRINCIPAL_KIND)), d.getString(PRINCIPAL)),
        Role.valueOf(d.getString(ROLE)),
        Optional.ofNullable(d.getString(ORGANISATION)).map(OrganisationId::new),
        GrantStatus.valueOf(d.getString(STATUS)),
        d.getString(REQUESTED_BY),
        Optional.ofNullable(d.getString(APPROVED_BY)),
        d.get(CREATED, Date.class).toInstant());
  }

  /** Removes every grant of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return collections.forMaintenance(StoredCollection.GRANTS, tenant).deleteMany(new Document());
  }
}
