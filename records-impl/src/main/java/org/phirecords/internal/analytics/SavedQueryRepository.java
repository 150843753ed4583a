package org.phirecords.internal.analytics;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.audit.AuditAction;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.AnalyticsQuery;
import org.phirecords.model.Code;
import org.phirecords.model.SavedQuery;
import org.phirecords.model.SavedQueryId;
import org.phirecords.model.TenantId;

/**
 * The only code touching {@code analytics_saved_queries} (ADR 45): a tenant's named query models.
 * Writes are stamped with their announced intent and carry the version the intent names, so the
 * reconciler can prove them; a delete marks the next version {@code deleted}, then removes it.
 */
public final class SavedQueryRepository {
  static final String ID = "savedQueryId";
  private static final String NAME = "name";
  private static final String VERSION = "version";
  private static final String DELETED = "deleted";
  private static final Bson LIVE = eq(DELETED, null);

  private final TenantScopedCollection saved;

  private SavedQueryRepository(TenantScopedCollection saved) {
    this.saved = saved;
  }

  /** The saved queries of the tenant of {@code op}. */
  static SavedQueryRepository of(Operation op) {
    return new SavedQueryRepository(op.handle(StoredCollection.ANALYTICS_SAVED_QUERIES));
  }

  /** Announces version {@code version} of {@code id}, audited as {@code action}. */
  static WriteIntent announce(Operation op, AuditAction action, SavedQueryId id, long version) {
    return op.intend(
        action, StoredCollection.ANALYTICS_SAVED_QUERIES, ID, id.value(), null, version);
  }

  Optional<SavedQuery> byId(SavedQueryId id) {
    return saved.findOne(and(eq(ID, id.value()), LIVE), null, null).map(SavedQueryRepository::read);
  }

  List<SavedQuery> all(int max) {
    return saved.find(LIVE, null, Sorts.ascending(NAME), max).stream()
        .map(SavedQueryRepository::read)
        .toList();
  }

  long count() {
    return saved.count(new Document());
  }

  /** Stores a new saved query at version 1; throws a duplicate-key error on a name taken. */
  SavedQuery insert(SavedQueryId id, String name, AnalyticsQuery q, String by, WriteIntent intent) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Document d =
        new Document(ID, id.value())
            .append(NAME, name)
            .append("query", model(q))
            .append("savedBy", by)
            .append("savedAt", Date.from(now))
            .append(VERSION, 1L)
            .append(WriteIntent.STAMP, intent.id());
    saved.insertOne(d);
    return read(d);
  }

  /** Replaces name and model of version {@code expected}; empty if it changed meanwhile. */
  Optional<SavedQuery> update(
      SavedQueryId id,
      long expected,
      String name,
      AnalyticsQuery q,
      String by,
      WriteIntent intent) {
    Document set =
        new Document(NAME, name)
            .append("query", model(q))
            .append("savedBy", by)
            .append("savedAt", new Date())
            .append(WriteIntent.STAMP, intent.id());
    return saved
        .findOneAndUpdate(
            and(eq(ID, id.value()), eq(VERSION, expected), LIVE),
            new Document("$set", set).append("$inc", new Document(VERSION, 1L)))
        .map(SavedQueryRepository::read);
  }

  /** Marks version {@code expected} deleted at the next version; false if it changed meanwhile. */
  boolean markDeleted(SavedQueryId id, long expected, WriteIntent intent) {
    return saved
        .findOneAndUpdate(
            and(eq(ID, id.value()), eq(VERSION, expected), LIVE),
            new Document("$set", new Document(DELETED, true).append(WriteIntent.STAMP, intent.id()))
                .append("$inc", new Document(VERSION, 1L)))
        .isPresent();
  }

  /** Removes {@code id} once marked deleted. */
  void remove(SavedQueryId id) {
    saved.deleteMany(and(eq(ID, id.value()), eq(DELETED, true)));
  }

  /** Removes every saved query of {@code tenant} (offboarding); how many. */
  static long purge(TenantCollections collections, TenantId tenant) {
    return collections
        .forMaintenance(StoredCollection.ANALYTICS_SAVED_QUERIES, tenant)
        .deleteMany(new Document());
  }

  private static Document model(AnalyticsQuery q) {
    return new Document("measure", q.measure())
        .append("dimensions", q.dimensions())
        .append("from", q.from().toString())
        .append("to", q.to().toString())
        .append(
            "codes",
            q.codes().stream()
                .map(c -> new Document("s", c.system()).append("c", c.code()))
                .toList())
        .append("organisations", q.organisations())
        .append("purposeOfUse", q.purposeOfUse());
  }

  private static SavedQuery read(Document d) {
    Document m = d.get("query", Document.class);
    AnalyticsQuery q =
        new AnalyticsQuery(
            m.getString("measure"),
            m.getList("dimensions", String.class),
            LocalDate.parse(m.getString("from")),
            LocalDate.parse(m.getString("to")),
            m.getList("codes", Document.class).stream()
                .map(c -> new Code(c.getString("s"), c.getString("c"), null))
                .toList(),
            m.getList("organisations", String.class),
            m.getString("purposeOfUse"));
    return new SavedQuery(
        new SavedQueryId(d.getString(ID)),
        d.getString(NAME),
        q,
        d.getString("savedBy"),
        d.getDate("savedAt").toInstant(),
        d.get(VERSION, Number.class).longValue());
  }
}
