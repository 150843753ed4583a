package org.phirecords.internal.link;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.MongoException;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.StoreErrors;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * The {@code patient_links} and {@code patient_invitations} collections: the only code that touches
 * them (ADR 17). A link binds a patient user, by issuer and subject, to one record of the tenant;
 * an invitation holds the hash of a one-time code, never the code.
 */
public final class PatientLinkRepository {
  static final String ISSUER = "issuer";
  static final String SUBJECT = "subject";
  static final String PATIENT = "patientId";
  static final String INVITATION = "invitationId";
  static final String CODE_HASH = "codeHash";
  static final String EXPIRES = "expiresAt";
  static final String REDEEMED_BY = "redeemedBy";

  private final TenantScopedCollection links;
  private final TenantScopedCollection invitations;

  /** The links and invitations of the tenant of {@code op}. */
  PatientLinkRepository(Operation op) {
    this.links = op.handle(StoredCollection.PATIENT_LINKS);
    this.invitations = op.handle(StoredCollection.PATIENT_INVITATIONS);
  }

  /**
   * The record linked to {@code subject} of {@code issuer} in {@code tenant}: the look-up of the
   * authorization check, before an operation opens.
   */
  public static Optional<PatientId> linkOf(
      TenantCollections collections, TenantId tenant, String issuer, String subject) {
    return collections
        .forMaintenance(StoredCollection.PATIENT_LINKS, tenant)
        .findOne(and(eq(ISSUER, issuer), eq(SUBJECT, subject)), Projections.include(PATIENT), null)
        .map(d -> new PatientId(d.getString(PATIENT)));
  }

  /** The record linked to {@code subject} of {@code issuer}, in the operation's tenant. */
  Optional<PatientId> linkOf(String issuer, String subject) {
    return links
        .findOne(and(eq(ISSUER, issuer), eq(SUBJECT, subject)), Projections.include(PATIENT), null)
        .map(d -> new PatientId(d.getString(PATIENT)));
  }

  /** Stores an invitation to {@code patient} under {@code codeHash}, good until {@code expires}. */
  void invite(String invitationId, String codeHash, PatientId patient, Instant expires) {
    invitations.insertOne(
        new Document(INVITATION, invitationId)
            .append(CODE_HASH, codeHash)
            .append(PATIENT, patient.value())
            .append(EXPIRES, Date.from(expires))
            .append("createdAt", new Date()));
  }

  /**
   * Uses up the unexpired invitation of {@code codeHash} for {@code redeemer} in one atomic update;
   * the invitation, or empty when no such code is open. The same redeemer may repeat it (a retry
   * after a failure between using the code and storing the link completes the link).
   */
  Optional<Document> consume(String codeHash, String redeemer, Instant now) {
    return invitations.findOneAndUpdate(
        and(
            eq(CODE_HASH, codeHash),
            gt(EXPIRES, Date.from(now)),
            or(eq(REDEEMED_BY, null), eq(REDEEMED_BY, redeemer))),
        Updates.combine(Updates.set(REDEEMED_BY, redeemer), Updates.set("redeemedAt", new Date())));
  }

  /**
   * Links {@code subject} of {@code issuer} to {@code patient}, replacing a link to another record;
   * repeating it changes nothing.
   */
  void link(String issuer, String subject, PatientId patient) {
    for (int attempt = 0; ; attempt++) {
      Optional<PatientId> current = linkOf(issuer, subject);
      if (current.filter(patient::equals).isPresent()) {
        return;
      }
      current.ifPresent(
          other ->
              links.deleteMany(
                  and(eq(ISSUER, issuer), eq(SUBJECT, subject), eq(PATIENT, other.value()))));
      try {
        links.insertOne(
            new Document(ISSUER, issuer)
                .append(SUBJECT, subject)
                .append(PATIENT, patient.value())
                .append("linkedAt", new Date()));
        return;
      } catch (MongoException e) {
        // A concurrent redemption by the same user stored its link first: decide again.
        if (!StoreErrors.isDuplicateKey(e) || attempt > 2) {
          throw e;
        }
      }
    }
  }

  /** Removes every link to {@code patient} and all its invitations; how many links. */
  long unlink(PatientId patient) {
    invitations.deleteMany(eq(PATIENT, patient.value()));
    return links.deleteMany(eq(PATIENT, patient.value()));
  }

  /** Removes every link and invitation of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return collections
            .forMaintenance(StoredCollection.PATIENT_LINKS, tenant)
            .deleteMany(new Document())
        + collections
            .forMaintenance(StoredCollection.PATIENT_INVITATIONS, tenant)
            .deleteMany(new Document());
  }
}
