package org.phirecords.internal.amendment;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Sorts.ascending;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.Keyset;
import org.phirecords.internal.store.PageCursor;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.AmendmentId;
import org.phirecords.model.AmendmentStatus;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;

/**
 * The {@code amendments} collection: the only code that touches it. Reads and writes go through the
 * operation's scoped handle (owner-scoped for patients); free text is sealed under the tenant's
 * data key, and opened only for answers.
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
  private final FreeTextProtection freeText;

  /** The requests within reach of {@code op}, free text protected by {@code freeText}. */
  public AmendmentRepository(Operation op, FreeTextProtection freeText) {
    this.op = op;
    this.amendments = op.handle(StoredCollection.AMENDMENTS);
    this.freeText = freeText;
  }

  /** The stored form of a plaintext request: its free text sealed. */
  public Document sealed(Document plain) {
    return AmendmentDocuments.freeText(plain, text -> seal((String) text));
  }

  private BsonValue seal(String text) {
    return freeText.seal(amendments.tenant(), text);
  }

  /**
   * {@code update} of the stored request {@code stored}, plus free-text {@code field} (if not null)
   * set to {@code text} sealed. Free text that {@code stored} still holds in plaintext (written
   * before free text was encrypted) is sealed by the same write, so that it leaves none.
   */
  public Bson sealedUpdate(Document stored, Bson update, String field, String text) {
    List<Bson> sets = plaintextSealed(stored, freeText, amendments.tenant());
    sets.add(update);
    if (field != null) {
      sets.add(Updates.set(field, seal(text)));
    }
    return Updates.combine(sets);
  }

  /** The plaintext of a stored request: free text opened (another tenant's key is refused). */
  public Document open(Document stored) {
    return AmendmentDocuments.freeText(stored, text -> freeText.open(amendments.tenant(), text));
  }

  /** Announces a write of version {@code version} of request {@code id} (ADR 3). */
  public WriteIntent announce(AmendmentId id, PatientId patient, long version) {
    return op.intend(StoredCollection.AMENDMENTS, ID, id.value(), patient.value(), version);
  }

  /** Stores a new {@link #sealed} request, stamped with {@code intent}. */
  public void insert(Document request, WriteIntent intent) {
    amendments.insertOne(request.append(WriteIntent.STAMP, intent.id()));
  }

  /** Request {@code id}, if within reach. */
  public Optional<Document> find(AmendmentId id) {
    return amendments.findOne(eq(ID, id.value()), null, null);
  }

  /**
   * One page of the requests of {@code patients} (a registration and those merged into it, ADR 36),
   * opened, newest first; its cursor is bound to {@code list}, the tenant and the first patient.
   */
  public Page<Document> page(List<PatientId> patients, String list, PageRequest request) {
    PageCursor cursors =
        PageCursor.of(list, op.caller().tenant().orElseThrow().value(), patients.get(0).value());
    Optional<AmendmentId> after = cursors.parsed(request, AmendmentId::new);
    return cursors
        .page(
            ofPatient(patients, after, request.limit() + 1),
            request,
            d -> AmendmentDocuments.id(d).value())
        .map(this::open);
  }

  /**
   * Up to {@code max} requests of {@code patients}, newest first (by time requested, then id),
   * after request {@code after} if given; served by the index (tenant, patient, requestedAt, id).
   * The cursor names a request, whose time is read here, so that no time travels in a cursor.
   *
   * @throws org.phirecords.error.InvalidInputException {@code PHR-400-08} if {@code after} is no
   *     request of {@code patient} within reach
   */
  public List<Document> ofPatient(List<PatientId> patients, Optional<AmendmentId> after, int max) {
    Bson of =
        patients.size() == 1
            ? eq(PATIENT, patients.get(0).value())
            : in(PATIENT, patients.stream().map(PatientId::value).toList());
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
  public long openOf(List<PatientId> patients) {
    return amendments.count(
        and(
            in(PATIENT, patients.stream().map(PatientId::value).toList()),
            eq(STATUS, AmendmentStatus.REQUESTED.name())));
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
   * The open and denied requests attached to {@code entries} of {@code patients}, oldest first, as
   * an entry's readers see them joined on (one query on the index (tenant, record, requestedAt)
   * through {@code op}'s scoped handle for reading clinical data).
   */
  public static List<Document> attached(
      Operation op, Collection<PatientId> patients, Collection<RecordId> entries) {
    // Naming the patients lets a handle reaching below the tenant check them once (ADR 27).
    Bson of =
        and(
            in(PATIENT, patients.stream().map(PatientId::value).toList()),
            in(RECORD, entries.stream().map(RecordId::value).toList()));
    return op.handle(StoredCollection.AMENDMENTS, Permission.CLINICAL_READ)
        .find(
            and(of, in(STATUS, AmendmentStatus.REQUESTED.name(), AmendmentStatus.DENIED.name())),
            Projections.include(RECORD, ID, STATUS, "disagreement"),
            ascending(REQUESTED),
            0);
  }

  /**
   * Seals in place the free text that requests of {@code tenant} still hold in plaintext (written
   * before free text was encrypted, ADR 15), reading {@code batch} requests at a time; how many
   * requests were sealed. A request changed meanwhile is left to its own write, which seals it.
   */
  public static long sealPlaintext(
      TenantCollections collections, TenantId tenant, FreeTextProtection freeText, int batch) {
    TenantScopedCollection amendments =
        collections.forMaintenance(StoredCollection.AMENDMENTS, tenant);
    long[] sealed = {0};
    amendments.forEachInBatches(
        batch,
        request -> {
          List<Bson> sets = plaintextSealed(request, freeText, tenant);
          if (!sets.isEmpty()
              && amendments
                  .findOneAndUpdate(
                      and(eq("_id", request.get("_id")), eq(VERSION, request.get(VERSION))),
                      Updates.combine(sets))
                  .isPresent()) {
            sealed[0]++;
          }
        });
    return sealed[0];
  }

  /** Sets sealing each free-text field that {@code stored} still holds in plaintext. */
  private static List<Bson> plaintextSealed(
      Document stored, FreeTextProtection freeText, TenantId tenant) {
    List<Bson> sets = new ArrayList<>();
    for (String field : AmendmentDocuments.FREE_TEXT) {
      if (FreeTextProtection.isPlaintext(stored.get(field))) {
        sets.add(Updates.set(field, freeText.seal(tenant, stored.getString(field))));
      }
    }
    return sets;
  }

  /** Removes every amendment request of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return collections
        .forMaintenance(StoredCollection.AMENDMENTS, tenant)
        .deleteMany(new Document());
  }
}
