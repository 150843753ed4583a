package org.phirecords.internal.clinical;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Projections.fields;
import static com.mongodb.client.model.Projections.include;
import static com.mongodb.client.model.Sorts.ascending;
import static com.mongodb.client.model.Sorts.descending;
import static org.phirecords.integration.IntegrationEventType.ENTRY_RECORDED;
import static org.phirecords.internal.clinical.ClinicalDocuments.ID;
import static org.phirecords.internal.clinical.ClinicalDocuments.PATIENT;
import static org.phirecords.internal.clinical.ClinicalDocuments.VERSION;
import static org.phirecords.internal.store.StoredCollection.CLINICAL_ENTRIES;

import com.mongodb.client.model.Projections;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.integrity.RecordSeals;
import org.phirecords.internal.integrity.StoredRecords;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.PageCursor;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.AmendmentId;
import org.phirecords.model.CodedEntry;
import org.phirecords.model.EntryType;
import org.phirecords.model.PatientId;
import org.phirecords.model.RecordId;
import org.phirecords.model.TenantId;

/**
 * The {@code clinical_entries} collection, every version of every entry: the only code that touches
 * it. Reads and writes go through the operation's scoped handle, free text sealed and opened under
 * the tenant's data key.
 */
public final class ClinicalRepository {
  /** The collection's name, as sealed into each version's digest. */
  public static final String COLLECTION = StoredCollection.CLINICAL_ENTRIES.collectionName();

  private static final List<String> BILLABLE =
      Arrays.stream(EntryType.values()).filter(EntryType::billable).map(Enum::name).toList();

  /**
   * Versions other than the mark of an entry entered-in-error. A superseded version passes it, but
   * is dropped as not the latest (see {@link LatestVersions}); the query still runs on the index
   * (tenant, patient, effective date, record, version).
   */
  /** The fields of a version the analytics projection reads. */
  private static final Bson CODED =
      include(
          ID,
          PATIENT,
          VERSION,
          ClinicalDocuments.TYPE,
          "codes",
          ClinicalDocuments.EFFECTIVE_DATE,
          ClinicalDocuments.SENSITIVITY,
          ClinicalDocuments.ENTERED_IN_ERROR);

  private static final Bson NOT_IN_ERROR = exists(ClinicalDocuments.ENTERED_IN_ERROR, false);

  private final Operation op;
  private final TenantScopedCollection entries;
  private final FreeTextProtection freeText;
  private final Clearance clearance;

  /**
   * The entries within reach of {@code op}, free text protected by {@code freeText}; sensitive
   * entries only as far as {@code clearance} shows them.
   */
  public ClinicalRepository(Operation op, FreeTextProtection freeText, Clearance clearance) {
    this.op = op;
    this.entries = op.handle(StoredCollection.CLINICAL_ENTRIES);
    this.freeText = freeText;
    this.clearance = clearance;
  }

  /** The caller's clearance for sensitive entries. */
  Clearance clearance() {
    return clearance;
  }

  /**
   * The stored form of a plaintext version, free text sealed (before anything is announced, so a
   * key vault outage leaves no intent behind).
   */
  public Document sealed(Document plain) {
    return ClinicalDocuments.sealed(plain, text -> freeText.seal(entries.tenant(), text));
  }

  private Document open(Document stored) {
    return ClinicalDocuments.opened(stored, text -> freeText.open(entries.tenant(), text));
  }

  /**
   * Announces a write of version {@code version} of entry {@code id} of {@code patient} that
   * publishes {@code event} once it succeeded (ADR 35).
   */
  public WriteIntent announce(
      RecordId id,
      PatientId patient,
      long version,
      org.phirecords.integration.IntegrationEventType event) {
    return op.emitting(event)
        .intend(StoredCollection.CLINICAL_ENTRIES, ID, id.value(), patient.value(), version);
  }

  /**
   * Stores one {@link #sealed} version, stamped with {@code intent} and its digest; a version
   * stored before throws. Returns the digest (ADR 23).
   */
  public Document insert(Document version, WriteIntent intent) {
    Document seal = stamped(version, intent.id());
    entries.insertOne(version);
    return seal;
  }

  /** Stamps {@code version} with intent {@code stamp} and its digest, which it returns. */
  Document stamped(Document version, String stamp) {
    version.append(WriteIntent.STAMP, stamp);
    Document seal =
        op.seals()
            .seal(
                COLLECTION,
                entries.tenant(),
                version.getString(ID),
                version.get(VERSION, Number.class).longValue(),
                version);
    version.append(RecordSeals.FIELD, seal);
    return seal;
  }

  /** Announces imported entries {@code ids} of {@code patients}, version 1, as a batch (ADR 40). */
  WriteIntent announceBatch(List<String> ids, List<String> patients) {
    return op.emitting(ENTRY_RECORDED).intendBatch(CLINICAL_ENTRIES, ID, ids, patients);
  }

  /** The scoped handle, for {@link ClinicalBatches}' reads and one insert (ADR 40). */
  TenantScopedCollection handle() {
    return entries;
  }

  /**
   * The latest version of entry {@code id}, opened, if within reach and the caller is cleared for
   * it (the latest version's category decides).
   */
  public Optional<Document> latest(RecordId id) {
    return entries
        .findOne(eq(ID, id.value()), null, descending(VERSION))
        .filter(clearance::shows)
        .map(this::open);
  }

  /**
   * The patient and number of the latest version of entry {@code id}, if within reach: what a
   * writer checks, without reading (or decrypting) the content.
   */
  public Optional<Document> head(RecordId id) {
    return entries
        .findOne(
            eq(ID, id.value()),
            include(
                PATIENT,
                VERSION,
                ClinicalDocuments.SENSITIVITY,
                ClinicalDocuments.ENTERED_IN_ERROR),
            descending(VERSION))
        .filter(clearance::shows);
  }

  /**
   * Up to {@code max} versions of entry {@code id} the caller is cleared for, opened, oldest first,
   * after version {@code after} (0: from the first); served by the index (tenant, record, version).
   */
  public List<Document> versions(RecordId id, long after, int max) {
    return entries
        .find(
            and(eq(ID, id.value()), gt(VERSION, after), clearance.visible()),
            null,
            ascending(VERSION),
            max)
        .stream()
        .map(this::open)
        .toList();
  }

  /**
   * Up to {@code max} latest versions of the entries of {@code patients}, opened, newest effective
   * date first, then by entry id, after entry {@code after} if given (see {@link LatestVersions}).
   * Entries whose latest version the caller is not cleared for are filtered out in the query, and
   * so are entries marked entered-in-error unless {@code withEnteredInError} (ADR 36).
   *
   * @throws org.phirecords.error.InvalidInputException {@code PHR-400-08} if {@code after} is no
   *     entry of {@code patients} within reach
   */
  public List<Document> latestOf(
      List<PatientId> patients, Optional<RecordId> after, int max, boolean withEnteredInError) {
    Bson owner = LatestVersions.owners(patients);
    Bson of =
        withEnteredInError
            ? and(owner, clearance.visible())
            : and(owner, clearance.visible(), NOT_IN_ERROR);
    Optional<String> from =
        after.map(
            id ->
                entries
                    .findOne(
                        and(of, eq(ID, id.value())),
                        include(ClinicalDocuments.EFFECTIVE_DATE),
                        descending(VERSION))
                    .orElseThrow(PageCursor::invalid)
                    .getString(ClinicalDocuments.EFFECTIVE_DATE));
    return new LatestVersions(entries, of, owner)
        .read(from, after.map(RecordId::value), max).stream().map(this::open).toList();
  }

  /**
   * The coded entries of {@code patient} billing may see, projected in the query: the latest
   * version decides (an entry re-typed to a note is no longer billing's to see). A sensitive entry
   * only if billing is cleared for its category, and then without the codes' displays (ADR 26).
   */
  public List<CodedEntry> billable(List<PatientId> patients) {
    List<Document> versions =
        entries.find(
            LatestVersions.owners(patients),
            fields(include(ClinicalDocuments.CODED_FIELDS), include(ClinicalDocuments.SENSITIVITY)),
            ClinicalDocuments.NEWEST_FIRST,
            0);
    return ClinicalDocuments.latestVersions(versions).stream()
        .filter(d -> BILLABLE.contains(d.getString(ClinicalDocuments.TYPE)))
        .filter(d -> !ClinicalDocuments.enteredInError(d))
        .filter(clearance::shows)
        .map(
            d -> Clearance.category(d).isPresent() ? ClinicalDocuments.withoutDisplays(d) : open(d))
        .map(ClinicalDocuments::toCoded)
        .toList();
  }

  /** The version of entry {@code id} recorded by accepting {@code amendment}, if one was stored. */
  public Optional<Long> versionAmending(RecordId id, AmendmentId amendment) {
    return entries
        .findOne(
            and(eq(ID, id.value()), eq(ClinicalDocuments.AMENDMENT, amendment.value())),
            Projections.include(VERSION),
            null)
        .map(d -> d.get(VERSION, Number.class).longValue());
  }

  /** Whether {@code patient} has an entry in force, whatever the caller's clearance (ADR 36). */
  public static boolean anyInForce(Operation op, PatientId patient) {
    Bson of = eq(PATIENT, patient.value());
    return !new LatestVersions(
            op.handle(StoredCollection.CLINICAL_ENTRIES), and(of, NOT_IN_ERROR), of)
        .read(Optional.empty(), Optional.empty(), 1)
        .isEmpty();
  }

  /** Whether an entry {@code recordId} exists in another tenant than {@code tenant}. */
  public static boolean existsOutside(
      TenantCollections collections, String recordId, TenantId tenant) {
    return collections.existsOutside(StoredCollection.CLINICAL_ENTRIES, ID, recordId, tenant);
  }

  /** The versions of {@code tenant} for a maintenance pass, outside any caller's operation. */
  static TenantScopedCollection maintained(TenantCollections collections, TenantId tenant) {
    return collections.forMaintenance(StoredCollection.CLINICAL_ENTRIES, tenant);
  }

  /**
   * Up to {@code limit} stored versions of {@code tenant} after {@code after} ({@code _id} order;
   * null: from the start), their coded fields only: the analytics rebuild's walk (ADR 43).
   */
  public static List<Document> versionsAfter(
      TenantCollections collections, TenantId tenant, Object after, int limit) {
    return maintained(collections, tenant)
        .find(after == null ? new Document() : gt("_id", after), CODED, ascending("_id"), limit);
  }

  /** The stored versions of {@code patient}'s entries, coded fields only (ADR 45). */
  public static List<Document> versionsOf(
      TenantCollections collections, TenantId tenant, PatientId patient) {
    return maintained(collections, tenant).find(eq(PATIENT, patient.value()), CODED, null, 0);
  }

  /** The stored versions of {@code tenant}, for the integrity pass (ADR 23). */
  public static StoredRecords sealedRecords(TenantCollections collections, TenantId tenant) {
    return new StoredRecords(COLLECTION, ID, maintained(collections, tenant));
  }

  /** Removes the versions of {@code ids} written by import {@code importTx} (ADR 37). */
  public static long rollBackImport(
      TenantCollections collections, TenantId tenant, List<String> ids, String importTx) {
    return maintained(collections, tenant)
        .deleteMany(and(in(ID, ids), eq(ClinicalDocuments.IMPORT_TX, importTx)));
  }

  /** Removes every entry of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return maintained(collections, tenant).deleteMany(new Document());
  }
}
