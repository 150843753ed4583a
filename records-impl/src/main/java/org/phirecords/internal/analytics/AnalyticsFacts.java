package org.phirecords.internal.analytics;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.StoreErrors;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.TenantId;

/**
 * The only code touching {@code analytics_facts} (ADR 43). One fact per clinical entry version
 * kept: the newest version seen of an entry replaces older ones, so writing a version twice, or an
 * older one after a newer, changes nothing; an entry withdrawn (entered in error, sensitive) keeps
 * a fact marked {@link #GONE} that queries skip.
 */
public final class AnalyticsFacts {
  /** The entry's record id. */
  public static final String RECORD = "f";

  /** The entry's version. */
  public static final String VERSION = "v";

  /** The pseudonymous patient key. */
  public static final String KEY = "k";

  /** The entry type. */
  public static final String TYPE = "t";

  /** The codes: each {@code s} (system) and {@code c} (code). */
  public static final String CODES = "c";

  /** The month of the entry's date, {@code yyyy-MM}. */
  public static final String MONTH = "m";

  /** The year of the entry's date. */
  public static final String YEAR = "y";

  /** The patient's age band in that month. */
  public static final String AGE_BAND = "a";

  /** The patient's sex. */
  public static final String SEX = "x";

  /** The patient's ZIP3, absent if unknown. */
  public static final String ZIP3 = "z";

  /** The organisations the patient was a member of when the fact was written. */
  public static final String ORGANISATIONS = "o";

  /** Set on a withdrawn entry's fact, and on the rebuild's position. */
  public static final String GONE = "g";

  private static final String REBUILD = "_rebuild";
  private static final String AFTER = "after";

  private final TenantScopedCollection facts;

  private AnalyticsFacts(TenantScopedCollection facts) {
    this.facts = facts;
  }

  /**
   * The projection of {@code tenant}, written by the module on its clients' writes (not in any
   * caller's reach: the writes that feed it were authorized already).
   */
  public static AnalyticsFacts of(TenantCollections collections, TenantId tenant) {
    return new AnalyticsFacts(collections.forMaintenance(StoredCollection.ANALYTICS_FACTS, tenant));
  }

  /** The facts {@code op} (an analytics query) reaches, aggregated: see {@code QueryPipeline}. */
  public static List<Document> aggregate(Operation op, Bson within, List<Bson> stages) {
    return op.handle(StoredCollection.ANALYTICS_FACTS).aggregate(within, stages);
  }

  /** The stages {@link #aggregate} sends, for tests of the first {@code $match}. */
  public static List<Bson> stages(Operation op, Bson within, List<Bson> stages) {
    return op.handle(StoredCollection.ANALYTICS_FACTS).stages(within, stages);
  }

  /** Stores {@code fact} unless a newer version of its entry is stored; drops older versions. */
  public void put(Document fact) {
    String record = fact.getString(RECORD);
    long version = fact.get(VERSION, Number.class).longValue();
    if (facts.exists(and(eq(RECORD, record), gte(VERSION, version)))) {
      return;
    }
    try {
      facts.insertOne(fact);
    } catch (MongoException e) {
      if (!StoreErrors.isDuplicateKey(e)) {
        throw e;
      }
    }
    facts.deleteMany(and(eq(RECORD, record), lt(VERSION, version)));
  }

  /**
   * Stores the facts of new entries' first versions (a batch import, ADR 40) in one unordered
   * insert; one stored already (the rebuild got there first) is left as it is.
   */
  public void putNew(List<Document> firsts) {
    try {
      facts.insertMany(firsts);
    } catch (MongoBulkWriteException e) {
      StoreErrors.duplicatePositions(e);
    }
  }

  /** Stores {@code fact} in place of the one of its entry and version, unless a newer is stored. */
  public void replace(Document fact) {
    facts.deleteMany(
        and(
            eq(RECORD, fact.getString(RECORD)),
            eq(VERSION, fact.get(VERSION, Number.class).longValue())));
    put(fact);
  }

  /** The facts of patient {@code key} in force, for a change of the patient's own values. */
  public List<Document> ofPatient(String key) {
    return facts.find(and(eq(KEY, key), eq(GONE, null)), null, null, 0);
  }

  /** Sets {@code values} on fact {@code record} version {@code version}. */
  public void set(String record, long version, Document values) {
    facts.findOneAndUpdate(
        and(eq(RECORD, record), eq(VERSION, version)), new Document("$set", values));
  }

  /** Where the rebuild stopped: the last entry version it projected. */
  public Optional<Object> rebuiltUpTo() {
    return facts.findOne(eq(RECORD, REBUILD), null, null).map(d -> d.get(AFTER));
  }

  /** Records that the rebuild projected every entry version up to {@code after}. */
  public void rebuiltUpTo(Object after) {
    if (facts
        .findOneAndUpdate(eq(RECORD, REBUILD), new Document("$set", new Document(AFTER, after)))
        .isEmpty()) {
      facts.insertOne(
          new Document(RECORD, REBUILD)
              .append(VERSION, 0L)
              .append(GONE, true)
              .append(AFTER, after));
    }
  }

  /** Forgets the rebuild's position: the next rebuild starts over. */
  public void restartRebuild() {
    facts.deleteMany(eq(RECORD, REBUILD));
  }

  /** Whether a fact of entry {@code record} newer than {@code version} is stored. */
  boolean newer(String record, long version) {
    return facts.exists(and(eq(RECORD, record), gt(VERSION, version)));
  }

  /** Removes all of {@code tenant}'s facts (offboarding). */
  public static long purge(TenantCollections collections, TenantId tenant) {
    return collections
        .forMaintenance(StoredCollection.ANALYTICS_FACTS, tenant)
        .deleteMany(new Document());
  }
}
