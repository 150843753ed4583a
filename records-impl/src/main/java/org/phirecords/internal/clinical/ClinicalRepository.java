package org.phirecords.internal.clinical;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Projections.fields;
import static com.mongodb.client.model.Projections.include;
import static com.mongodb.client.model.Sorts.ascending;
import static com.mongodb.client.model.Sorts.descending;
import static org.phirecords.internal.clinical.ClinicalDocuments.ID;
import static org.phirecords.internal.clinical.ClinicalDocuments.PATIENT;
import static org.phirecords.internal.clinical.ClinicalDocuments.VERSION;

import com.mongodb.client.model.Projections;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.crypto.FreeTextProtection;
import org.phirecords.internal.operation.Operation;
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
  private static final List<String> BILLABLE =
      Arrays.stream(EntryType.values()).filter(EntryType::billable).map(Enum::name).toList();

  private final Operation op;
  private final TenantScopedCollection entries;
  private final FreeTextProtection freeText;

  /** The entries within reach of {@code op}, free text protected by {@code freeText}. */
  public ClinicalRepository(Operation op, FreeTextProtection freeText) {
    this.op = op;
    this.entries = op.handle(StoredCollection.CLINICAL_ENTRIES);
    this.freeText = freeText;
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

  /** Announces a write of version {@code version} of entry {@code id} of {@code patient}. */
  public WriteIntent announce(RecordId id, PatientId patient, long version) {
    return op.intend(StoredCollection.CLINICAL_ENTRIES, ID, id.value(), patient.value(), version);
  }

  /**
   * Stores one {@link #sealed} version, stamped with {@code intent}; a version stored before
   * throws.
   */
  public void insert(Document version, WriteIntent intent) {
    entries.insertOne(version.append(WriteIntent.STAMP, intent.id()));
  }

  /** The latest version of entry {@code id}, opened, if within reach. */
  public Optional<Document> latest(RecordId id) {
    return entries.findOne(eq(ID, id.value()), null, descending(VERSION)).map(this::open);
  }

  /**
   * The patient and number of the latest version of entry {@code id}, if within reach: what a
   * writer checks, without reading (or decrypting) the content.
   */
  public Optional<Document> head(RecordId id) {
    return entries.findOne(eq(ID, id.value()), include(PATIENT, VERSION), descending(VERSION));
  }

  /** Every version of entry {@code id}, opened, oldest first. */
  public List<Document> versions(RecordId id) {
    return entries.find(eq(ID, id.value()), null, ascending(VERSION), 0).stream()
        .map(this::open)
        .toList();
  }

  /** The latest version of each entry of {@code patient}, opened. */
  public List<Document> latestOf(PatientId patient) {
    return ClinicalDocuments.latestVersions(
            entries.find(eq(PATIENT, patient.value()), null, ClinicalDocuments.NEWEST_FIRST, 0))
        .stream()
        .map(this::open)
        .toList();
  }

  /**
   * The coded entries of {@code patient} billing may see, projected in the query: the latest
   * version decides (an entry re-typed to a note is no longer billing's to see).
   */
  public List<CodedEntry> billable(PatientId patient) {
    List<Document> versions =
        entries.find(
            eq(PATIENT, patient.value()),
            fields(include(ClinicalDocuments.CODED_FIELDS)),
            ClinicalDocuments.NEWEST_FIRST,
            0);
    return ClinicalDocuments.latestVersions(versions).stream()
        .filter(d -> BILLABLE.contains(d.getString(ClinicalDocuments.TYPE)))
        .map(this::open)
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

  /** Whether an entry {@code recordId} exists in another tenant than {@code tenant}. */
  public static boolean existsOutside(
      TenantCollections collections, String recordId, TenantId tenant) {
    return collections.existsOutside(StoredCollection.CLINICAL_ENTRIES, ID, recordId, tenant);
  }

  /**
   * Seals in place the free text that versions of {@code tenant} still hold in plaintext (written
   * before free text was encrypted, ADR 15), reading {@code batch} versions at a time; how many
   * versions were sealed. Idempotent.
   */
  public static long sealPlaintext(
      TenantCollections collections, TenantId tenant, FreeTextProtection freeText, int batch) {
    TenantScopedCollection entries =
        collections.forMaintenance(StoredCollection.CLINICAL_ENTRIES, tenant);
    long[] sealed = {0};
    entries.forEachInBatches(
        batch,
        version -> {
          Document set = ClinicalDocuments.plaintextSealed(version, t -> freeText.seal(tenant, t));
          if (!set.isEmpty()
              && entries
                  .findOneAndUpdate(eq("_id", version.get("_id")), new Document("$set", set))
                  .isPresent()) {
            sealed[0]++;
          }
        });
    return sealed[0];
  }

  /** Removes every entry of {@code tenant} (offboarding); how many. */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return collections
        .forMaintenance(StoredCollection.CLINICAL_ENTRIES, tenant)
        .deleteMany(new Document());
  }
}
