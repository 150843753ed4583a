package org.phirecords.internal.amendment;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Sorts.ascending;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.Keyset;
import org.phirecords.internal.store.PageCursor;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.AmendmentId;
import org.phirecords.model.AmendmentStatus;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;

/**
 * The {@code amendments} collection: the only code that touches it. Reads and writes go through the
 * operation's scoped handle (owner-scoped for patients).
 */
public final class AmendmentRepository {
  private static final String ID = "amendmentId";
  private static final String RECORD = "recordId";
  private static final String PATIENT = "patientId";
  private static final String STATUS = "status";
  private static final String VERSION = "version";
  private static final String REQUESTED = "requestedAt";

  private final Operation op;
  private final TenantScopedCollection amendments;

  /** The requests within reach of {@code op}. */
  public AmendmentRepository(Operation op) {
    this.op = op;
    this.amendments = op.handle(StoredCollection.AMENDMENTS);
  }

  /** Announces a write of version {@code version} of request {@code id} (ADR 3). */
  public WriteIntent announce(AmendmentId id, PatientId patient, long version) {
    return op.intend(StoredCollection.AMENDMENTS, ID, id.value(), patient.value(), version);
  }

  /** Stores a new request, stamped with {@code intent}. */
  public void insert(Document request, WriteIntent intent) {
    amendments.insertOne(request.append(WriteIntent.STAMP, intent.id()));
  }

  /** Request {@code id}, if within reach. */
  public Optional<Document> find(AmendmentId id) {
    return amendments.findOne(eq(ID, id.value()), null, null);
  }

  /**
   * Up to {@code max} requests of {@code patient}, newest first (by time requested, then id), after
   * request {@code after} if given; served by the index (tenant, patient, requestedAt, id). The
   * cursor names a request, whose time is read here, so that no time travels in a cursor.
   *
   * @throws org.phirecords.error.InvalidInputException {@code PHR-400-08} if {@code after} is no
   *     request of {@code patient} within reach
   */
  public List<Document> ofPatient(PatientId patient, Optional<AmendmentId> after, int max) {
    Bson of = eq(PATIENT, patient.value());
    Bson filter = of;
    if (after.isPresent()) {
      Document last =
          amendments
              .findOne(and(of, eq(ID, after.get().value())), Projections.include(REQUESTED), null)
              .orElseThrow(PageCursor::invalid);
      filter = and(of, Keyset.after(newestFirst(last.getDate(REQUESTED), after.get().value())));
    }
    return amendments.find(filter, null, Keyset.sort(newestFirst(null, null)), max);
  }

  /** How many requests of {@code patient} await a decision. */
  public long openOf(PatientId patient) {
    return amendments.count(
        and(eq(PATIENT, patient.value()), eq(STATUS, AmendmentStatus.REQUESTED.name())));
  }

  private static List<Keyset.Key> newestFirst(Date requestedAt, String id) {
    return List.of(Keyset.Key.desc(REQUESTED, requestedAt), Keyset.Key.desc(ID, id));
  }

  /**
   * Applies {@code update} to request {@code id} if it is still in {@code from} at {@code version},
   * moving it to the next version stamped with {@code intent}; the request after, or empty.
   */
  public Optional<Document> transition(
      AmendmentId id, AmendmentStatus from, long version, Bson update, WriteIntent intent) {
    return amendments.findOneAndUpdate(
        and(eq(ID, id.value()), eq(STATUS, from.name()), eq(VERSION, version)),
        Updates.combine(
            update,
            Updates.set(VERSION, version + 1),
            Updates.set(WriteIntent.STAMP, intent.id())));
  }

  /**
   * The open and denied requests attached to {@code entries}, oldest first, as an entry's readers
   * see them joined on (one query on the index (tenant, record, requestedAt) through {@code op}'s
   * scoped handle for reading clinical data).
   */
  public static List<Document> attached(Operation op, Collection<RecordId> entries) {
    Bson of = in(RECORD, entries.stream().map(RecordId::value).toList());
    return op.handle(StoredCollection.AMENDMENTS, Permission.CLINICAL_READ)
        .find(
            and(of, in(STATUS, AmendmentStatus.REQUESTED.name(), AmendmentStatus.DENIED.name())),
            Projections.include(RECORD, ID, STATUS, "disagreement"),
            ascending(REQUESTED),
            0);
  }

  /** Removes every amendment request of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return collections
        .forMaintenance(StoredCollection.AMENDMENTS, tenant)
        .deleteMany(new Document());
  }
}
