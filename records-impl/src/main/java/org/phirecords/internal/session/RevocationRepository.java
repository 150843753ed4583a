package org.phirecords.internal.session;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.phirecords.internal.store.StoreCalls;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.TenantId;

/**
 * The {@code session_revocations} collection: the only code that touches it (ADR 17). One document
 * per scope (a tenant, or {@link #PLATFORM} for the platform issuer's subjects everywhere), issuer
 * and subject, holding the time before which that subject's tokens are refused.
 */
public final class RevocationRepository {
  /** The scope of revocations by a platform admin. */
  public static final String PLATFORM = "_platform";

  private static final String ISSUER = "issuer";
  private static final String SUBJECT = "subject";
  private static final String NOT_BEFORE = "notBefore";

  private final MongoCollection<Document> revocations;

  /** The revocations of the store of {@code collections}. */
  public RevocationRepository(TenantCollections collections) {
    this.revocations = collections.sessionRevocations();
  }

  /** Tokens of {@code subject} issued before this are refused in {@code scope}; EPOCH: none. */
  Instant notBefore(String scope, String issuer, String subject) {
    Document found =
        StoreCalls.reaching(
            () ->
                revocations
                    .find(filter(scope, issuer, subject))
                    .projection(Projections.include(NOT_BEFORE))
                    .first());
    return found == null ? Instant.EPOCH : found.getDate(NOT_BEFORE).toInstant();
  }

  /** Refuses tokens of {@code subject} issued before {@code notBefore} (never moved back). */
  void revoke(String scope, String issuer, String subject, Instant notBefore) {
    StoreCalls.reaching(
        () ->
            revocations.updateOne(
                filter(scope, issuer, subject),
                Updates.max(NOT_BEFORE, Date.from(notBefore)),
                new UpdateOptions().upsert(true)));
  }

  private static org.bson.conversions.Bson filter(String scope, String issuer, String subject) {
    return and(eq(TenantScopedCollection.TENANT, scope), eq(ISSUER, issuer), eq(SUBJECT, subject));
  }

  /** Removes the revocations of {@code tenant} (offboarding: its tokens are refused anyway). */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return StoreCalls.reaching(
        () ->
            collections
                .sessionRevocations()
                .deleteMany(eq(TenantScopedCollection.TENANT, tenant.value()))
                .getDeletedCount());
  }
}
