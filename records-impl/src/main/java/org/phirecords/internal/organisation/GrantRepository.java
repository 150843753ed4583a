package org.phirecords.internal.organisation;

import static com.mongodb.client.model.Filters.eq;

import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.Grant;
import org.phirecords.model.GrantId;
import org.phirecords.model.GrantPrincipal;
import org.phirecords.model.GrantStatus;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Role;

/**
 * The {@code grants} collection: the only code that touches it (ADR 27). One document per grant:
 * {@code grantId}, {@code principalKind} and {@code principal}, {@code role}, {@code
 * organisationId} ({@code null}: the root), {@code status}, {@code requestedBy}, {@code
 * approvedBy}, {@code version}, {@code createdAt}. No PHI.
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

  private GrantRepository() {}

  /** The grants of {@code tenant} in force, for the module's scope resolution (ADR 27). */
  public static List<Grant> active(TenantCollections collections, TenantId tenant) {
    return collections
        .forMaintenance(StoredCollection.GRANTS, tenant)
        .find(eq(STATUS, GrantStatus.ACTIVE.name()), null, null, 0)
        .stream()
        .map(GrantRepository::read)
        .toList();
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
