package org.phirecords.internal.proxy;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.BsonValue;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.PatientId;
import org.phirecords.model.ProxyGrant;
import org.phirecords.model.ProxyGrantId;
import org.phirecords.model.ProxyRelationship;
import org.phirecords.model.ProxyScope;
import org.phirecords.model.TenantId;

/**
 * The {@code proxy_grants} collection (ADR 46): the only code that touches it. One document per
 * grant, revoked ones kept with {@code revokedAt} (what the patient's history and the privacy
 * officer follow); the reason is sealed free text.
 */
public final class ProxyGrantRepository {
  static final String ID = "grantId";
  static final String PATIENT = "patientId";
  static final String ISSUER = "issuer";
  static final String SUBJECT = "subject";
  static final String RELATIONSHIP = "relationship";
  static final String SCOPE = "scope";
  static final String START = "start";
  static final String EXPIRY = "expiry";
  static final String GRANTED_BY = "grantedBy";
  static final String REASON = "reason";
  static final String REVOKED_AT = "revokedAt";
  static final String VERSION = "version";

  private final TenantScopedCollection grants;

  private ProxyGrantRepository(TenantScopedCollection grants) {
    this.grants = grants;
  }

  /** The grants within reach of {@code op}. */
  static ProxyGrantRepository of(Operation op) {
    return new ProxyGrantRepository(op.handle(StoredCollection.PROXY_GRANTS));
  }

  /** The grants of {@code tenant}, for the authorization check and a representative's own list. */
  static ProxyGrantRepository of(TenantCollections collections, TenantId tenant) {
    return new ProxyGrantRepository(
        collections.forMaintenance(StoredCollection.PROXY_GRANTS, tenant));
  }

  /** Announces version {@code version} of grant {@code id} of {@code patient}. */
  static WriteIntent announce(
      Operation op, AuditAction action, ProxyGrantId id, PatientId patient, long version) {
    return op.intend(
        action, StoredCollection.PROXY_GRANTS, ID, id.value(), patient.value(), version);
  }

  /** Stores {@code g} at version 1 with its sealed {@code reason}, stamped with {@code intent}. */
  void insert(ProxyGrant g, BsonValue reason, WriteIntent intent) {
    grants.insertOne(
        new Document(ID, g.id().value())
            .append(PATIENT, g.patient().value())
            .append(ISSUER, g.issuer())
            .append(SUBJECT, g.subject())
            .append(RELATIONSHIP, g.relationship().name())
            .append(SCOPE, g.scope().name())
            .append(START, Date.from(g.start()))
            .append(EXPIRY, Date.from(g.expiry()))
            .append(GRANTED_BY, g.grantedBy())
            .append(REASON, reason)
            .append(REVOKED_AT, null)
            .append(VERSION, 1L)
            .append(WriteIntent.STAMP, intent.id()));
  }

  /** {@code patient}'s grants not revoked and not expired at {@code now}, oldest first. */
  List<Document> current(PatientId patient, Instant now) {
    return grants.find(
        and(eq(PATIENT, patient.value()), eq(REVOKED_AT, null), gt(EXPIRY, Date.from(now))),
        null,
        Sorts.ascending(START, ID),
        0);
  }

  /** Grant {@code id} of {@code patient}, stored form. */
  Optional<Document> byId(PatientId patient, ProxyGrantId id) {
    return grants.findOne(and(eq(PATIENT, patient.value()), eq(ID, id.value())), null, null);
  }

  /** Revokes version {@code expected} of grant {@code id} at {@code at}; the stored form after. */
  Optional<Document> revoke(
      PatientId patient, ProxyGrantId id, long expected, Instant at, WriteIntent intent) {
    return grants.findOneAndUpdate(
        and(eq(PATIENT, patient.value()), eq(ID, id.value()), eq(VERSION, expected)),
        new Document(
                "$set",
                new Document(REVOKED_AT, Date.from(at)).append(WriteIntent.STAMP, intent.id()))
            .append("$inc", new Document(VERSION, 1L)));
  }

  /**
   * The grants to {@code subject} of {@code issuer} not revoked, started and unexpired at {@code
   * now}, for {@code patient} only if not null.
   */
  List<Document> inForce(String issuer, String subject, PatientId patient, Instant now) {
    Date at = Date.from(now);
    Document filter =
        new Document(ISSUER, issuer)
            .append(SUBJECT, subject)
            .append(REVOKED_AT, null)
            .append(START, new Document("$lte", at))
            .append(EXPIRY, new Document("$gt", at));
    if (patient != null) {
      filter.append(PATIENT, patient.value());
    }
    return grants.find(filter, null, Sorts.ascending(PATIENT, ID), 0);
  }

  /** The stored grant as the service shows it (the reason stays in the store). */
  static ProxyGrant read(Document d) {
    return new ProxyGrant(
        new ProxyGrantId(d.getString(ID)),
        new PatientId(d.getString(PATIENT)),
        d.getString(ISSUER),
        d.getString(SUBJECT),
        ProxyRelationship.valueOf(d.getString(RELATIONSHIP)),
        scope(d),
        d.getDate(START).toInstant(),
        d.getDate(EXPIRY).toInstant(),
        d.getString(GRANTED_BY),
        Optional.ofNullable(d.getDate(REVOKED_AT)).map(Date::toInstant));
  }

  /** The stored scope; anything unknown reads as the narrower one (fails closed). */
  static ProxyScope scope(Document d) {
    return ProxyScope.WHOLE_RECORD.name().equals(d.getString(SCOPE))
        ? ProxyScope.WHOLE_RECORD
        : ProxyScope.NON_SENSITIVE;
  }

  /** Removes every grant of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return collections
        .forMaintenance(StoredCollection.PROXY_GRANTS, tenant)
        .deleteMany(new Document());
  }
}
