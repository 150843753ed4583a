package org.phirecords.internal.organisation;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.Reach;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.Membership;
import org.phirecords.model.MembershipId;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * The {@code memberships} collection: the only code that touches it. Besides the service's reads
 * and writes it answers the two questions enforcement asks (ADR 25): which organisations a patient
 * belongs to at an instant, and whether a patient belongs to an organisation or one below it. Those
 * two read ids and dates only; the member id (identifying) is sealed randomly under the tenant's
 * data key, as it is never searched.
 */
public final class MembershipRepository {
  static final String ID = "membershipId";
  static final String PATIENT = "patientId";
  static final String ORGANISATION = "organisationId";
  static final String START = "start";
  static final String END = "end";
  static final String MEMBER_ID = "memberId";
  static final String VERSION = "version";

  private final TenantScopedCollection memberships;
  private final OrganisationRepository organisations;

  private MembershipRepository(
      TenantScopedCollection memberships, OrganisationRepository organisations) {
    this.memberships = memberships;
    this.organisations = organisations;
  }

  /** The memberships within reach of {@code op}. */
  static MembershipRepository of(Operation op) {
    return new MembershipRepository(
        op.handle(StoredCollection.MEMBERSHIPS), OrganisationRepository.of(op));
  }

  /** The memberships of {@code tenant}, for the module's own look-ups (enforcement). */
  public static MembershipRepository of(TenantCollections collections, TenantId tenant) {
    return new MembershipRepository(
        collections.forMaintenance(StoredCollection.MEMBERSHIPS, tenant),
        OrganisationRepository.of(collections, tenant));
  }

  /** The organisations {@code patient} is a member of at {@code at} (directly, not above). */
  public Set<OrganisationId> organisationsOf(PatientId patient, Instant at) {
    Set<OrganisationId> found = new LinkedHashSet<>();
    for (Document d :
        memberships.find(
            and(eq(PATIENT, patient.value()), inEffect(at, true)),
            Projections.include(ORGANISATION),
            null,
            0)) {
      found.add(new OrganisationId(d.getString(ORGANISATION)));
    }
    return found;
  }

  /** The organisations each of {@code patients} is a member of at {@code at}, in one read. */
  public Map<String, List<String>> organisationsOf(List<String> patients, Instant at) {
    Map<String, List<String>> found = new HashMap<>();
    for (Document d :
        memberships.find(
            and(in(PATIENT, patients), inEffect(at, true)),
            Projections.include(PATIENT, ORGANISATION),
            null,
            0)) {
      found
          .computeIfAbsent(d.getString(PATIENT), p -> new ArrayList<>())
          .add(d.getString(ORGANISATION));
    }
    return found;
  }

  /** Whether {@code patient} is a member of {@code organisation} or one below it at {@code at}. */
  public boolean isMember(PatientId patient, OrganisationId organisation, Instant at) {
    Set<OrganisationId> direct = organisationsOf(patient, at);
    if (direct.isEmpty()) {
      return false;
    }
    OrganisationTree tree = organisations.tree();
    return direct.stream().anyMatch(o -> tree.isWithin(o, organisation));
  }

  /** Whether any membership of {@code organisations} is in effect at {@code at} or later. */
  boolean anyCurrentOrFuture(Collection<OrganisationId> organisations, Instant at) {
    return memberships.exists(
        and(
            in(ORGANISATION, organisations.stream().map(OrganisationId::value).toList()),
            inEffect(at, false)));
  }

  /** In effect at {@code at}: ended after it, or open; and if {@code started}, begun by then. */
  private static Bson inEffect(Instant at, boolean started) {
    Bson notEnded = or(eq(END, null), gt(END, Date.from(at)));
    return started ? and(lte(START, Date.from(at)), notEnded) : notEnded;
  }

  /**
   * The {@link Reach#FIELD} entries of {@code patient}: each membership's organisation and period,
   * {@code ending} (a membership about to end, by id) taken as ended already.
   */
  List<Document> reachOf(PatientId patient, Optional<Membership> ending) {
    List<Document> entries = new java.util.ArrayList<>();
    for (Document d :
        memberships.find(
            eq(PATIENT, patient.value()),
            Projections.include(ID, ORGANISATION, START, END),
            null,
            0)) {
      Date end = d.getDate(END);
      if (ending.isPresent() && ending.get().id().value().equals(d.getString(ID))) {
        end = ending.get().end().map(Date::from).orElse(end);
      }
      entries.add(Reach.entry(d.getString(ORGANISATION), d.getDate(START), end));
    }
    return entries;
  }

  /**
   * Records that new patient {@code patient} is registered at {@code organisation} from {@code
   * start} (ADR 27): an announced membership write in {@code op}, stored through {@code
   * collections} as the patient was just stored with it in reach.
   */
  public static Membership register(
      Operation op,
      TenantCollections collections,
      PatientId patient,
      OrganisationId organisation,
      Instant start) {
    MembershipRepository memberships = of(collections, op.caller().tenant().orElseThrow());
    Membership m =
        new Membership(
            MembershipId.random(),
            patient,
            organisation,
            start,
            Optional.empty(),
            Optional.empty());
    WriteIntent intent = announce(op, org.phirecords.audit.AuditAction.CREATE, m.id(), patient, 1L);
    memberships.insert(m, null, intent);
    op.conclude(intent, org.phirecords.audit.AuditOutcome.SUCCESS, 1);
    return m;
  }

  /** Announces version {@code version} of {@code id} of {@code patient} as {@code action}. */
  static WriteIntent announce(
      Operation op,
      org.phirecords.audit.AuditAction action,
      MembershipId id,
      PatientId patient,
      long version) {
    return op.intend(
        action, StoredCollection.MEMBERSHIPS, ID, id.value(), patient.value(), version);
  }

  /** Stores {@code m} at version 1, its member id sealed, stamped with {@code intent}. */
  void insert(Membership m, Object sealedMemberId, WriteIntent intent) {
    memberships.insertOne(
        new Document(ID, m.id().value())
            .append(PATIENT, m.patient().value())
            .append(ORGANISATION, m.organisation().value())
            .append(START, Date.from(m.start()))
            .append(END, m.end().map(Date::from).orElse(null))
            .append(MEMBER_ID, sealedMemberId)
            .append(VERSION, 1L)
            .append("createdAt", new Date())
            .append(WriteIntent.STAMP, intent.id()));
  }

  /** Removes membership {@code id} (undoing an insert that raced with a closing). */
  void remove(MembershipId id) {
    memberships.deleteMany(eq(ID, id.value()));
  }

  /** Membership {@code id} of {@code patient}, stored form. */
  Optional<Document> byId(PatientId patient, MembershipId id) {
    return memberships.findOne(and(eq(PATIENT, patient.value()), eq(ID, id.value())), null, null);
  }

  /** Ends version {@code expected} of {@code id} at {@code end}; the stored form after, if any. */
  Optional<Document> end(MembershipId id, long expected, Instant end, WriteIntent intent) {
    return memberships.findOneAndUpdate(
        and(eq(ID, id.value()), eq(VERSION, expected)),
        new Document(
                "$set",
                new Document(END, Date.from(end))
                    .append("updatedAt", new Date())
                    .append(WriteIntent.STAMP, intent.id()))
            .append("$inc", new Document(VERSION, 1L)));
  }

  /** Up to {@code max} memberships of {@code patient} by id, after {@code after} if given. */
  List<Document> page(PatientId patient, Optional<MembershipId> after, int max) {
    Bson own = eq(PATIENT, patient.value());
    return memberships.find(
        after.map(a -> and(own, gt(ID, a.value()))).orElse(own), null, Sorts.ascending(ID), max);
  }

  /** The membership of a stored form, its member id opened by {@code protection}. */
  static Membership read(Document d, TenantId tenant, FreeTextProtection protection) {
    return new Membership(
        new MembershipId(d.getString(ID)),
        new PatientId(d.getString(PATIENT)),
        new OrganisationId(d.getString(ORGANISATION)),
        d.getDate(START).toInstant(),
        Optional.ofNullable(d.getDate(END)).map(Date::toInstant),
        Optional.ofNullable(protection.open(tenant, d.get(MEMBER_ID))));
  }

  /** Removes every membership of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return collections
        .forMaintenance(StoredCollection.MEMBERSHIPS, tenant)
        .deleteMany(new Document());
  }
}
