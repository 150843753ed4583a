package org.phirecords.internal.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.error.StoreUnavailableException;
import org.phirecords.model.PatientId;
import org.phirecords.model.TenantId;

/**
 * The only way to tenant data (invariant 1, docs/architecture.md). Adds the caller's tenant, and
 * for patient users their own patient id, to every filter and every inserted document, and rejects
 * any attempt to set, change or filter on those fields. A caller whose roles hold below the tenant
 * root reaches only the patients of their organisations ({@link ReachFilter}, ADR 27). Store
 * outages surface as {@link StoreUnavailableException}.
 */
public final class TenantScopedCollection {
  /** The field every tenant document carries; every index starts with it. */
  public static final String TENANT = "tenantId";

  /** The field linking a document to its patient. */
  public static final String PATIENT = "patientId";

  private final MongoCollection<Document> collection;
  private final TenantId tenant;
  private final Optional<PatientId> owner;
  private final List<PatientId> alsoOwned;
  private final boolean appendOnly;
  private final ReachFilter reach;

  TenantScopedCollection(
      MongoCollection<Document> collection,
      TenantId tenant,
      Optional<PatientId> owner,
      boolean appendOnly,
      ReachFilter reach) {
    this(collection, tenant, owner, List.of(), appendOnly, reach);
  }

  /**
   * As above, the owner's handle also reaching {@code alsoOwned}: the registrations merged into the
   * patient user's record (ADR 42).
   */
  TenantScopedCollection(
      MongoCollection<Document> collection,
      TenantId tenant,
      Optional<PatientId> owner,
      List<PatientId> alsoOwned,
      boolean appendOnly,
      ReachFilter reach) {
    this.collection = collection;
    this.tenant = tenant;
    this.owner = owner;
    this.alsoOwned = owner.isPresent() ? List.copyOf(alsoOwned) : List.of();
    this.appendOnly = appendOnly;
    this.reach = reach;
  }

  private void refuseIfAppendOnly(String operation) {
    if (appendOnly) {
      throw new TenantScopeViolation(operation + " refused: this collection is append-only");
    }
  }

  /** The tenant this handle is bound to. */
  public TenantId tenant() {
    return tenant;
  }

  private Bson scope() {
    Bson tenantFilter = eq(TENANT, tenant.value());
    return owner.isPresent() ? and(tenantFilter, new BsonDocument(PATIENT, owned())) : tenantFilter;
  }

  /** The owner's patient, or with the registrations merged into it (ADR 42) a {@code $in}. */
  private BsonValue owned() {
    List<BsonValue> all = new ArrayList<>(List.of(new BsonString(owner.orElseThrow().value())));
    alsoOwned.forEach(p -> all.add(new BsonString(p.value())));
    return all.size() == 1 ? all.get(0) : new BsonDocument("$in", new org.bson.BsonArray(all));
  }

  /**
   * {@code filter} within the scope, as one flat document where no field repeats ({@code {tenantId:
   * t, mrn: m}} rather than {@code {$and: [...]}}): the same to MongoDB, but the embedded
   * development store uses an index only for the flat form. The filter's own conditions come first,
   * as the embedded store tests fields in order (see benchmarks/results/HISTORY.md).
   */
  private Bson scoped(Bson filter) {
    BsonDocument conditions = filter.toBsonDocument();
    ScopeFields.reject(conditions, "filter", false);
    BsonDocument scopeFields = new BsonDocument(TENANT, new BsonString(tenant.value()));
    owner.ifPresent(p -> scopeFields.put(PATIENT, owned()));
    BsonDocument reachFields = reach == null ? new BsonDocument() : reach.conditions(conditions);
    BsonDocument flat = new BsonDocument();
    return ScopeFields.mergeInto(flat, conditions)
            && ScopeFields.mergeInto(flat, scopeFields)
            && ScopeFields.mergeInto(flat, reachFields)
        ? flat
        : reachFields.isEmpty() ? and(scope(), filter) : and(scope(), reachFields, filter);
  }

  /** Inserts {@code document} with the tenant added; it must not carry a tenant of its own. */
  public void insertOne(Document document) {
    insertReached(document, null, null);
  }

  /**
   * Inserts patient {@code document} with its {@link Reach#FIELD} {@code entries} (ADR 27) and its
   * {@link Reach#CARE_TEAM} {@code team} (ADR 30), either absent if null; a handle reaching below
   * the tenant may add them only if they put the patient within its reach.
   */
  public void insertReached(Document document, List<Document> entries, List<String> team) {
    Document scoped = scopedForInsert(document, entries, team);
    run(() -> collection.insertOne(scoped));
  }

  /**
   * Inserts {@code documents}, each checked and scoped as by {@link #insertOne}, in one unordered
   * insert: each that can go in does; a {@code MongoBulkWriteException} names those that did not.
   */
  public void insertMany(List<Document> documents) {
    List<Document> scoped = documents.stream().map(d -> scopedForInsert(d, null, null)).toList();
    run(() -> collection.insertMany(scoped, new InsertManyOptions().ordered(false)));
  }

  private Document scopedForInsert(Document document, List<Document> entries, List<String> team) {
    if (document.containsKey(TENANT)
        || document.containsKey(Reach.FIELD)
        || document.containsKey(Reach.CARE_TEAM)) {
      throw new TenantScopeViolation(
          "documents must not set " + TENANT + ", " + Reach.FIELD + " or " + Reach.CARE_TEAM);
    }
    if (reach != null) {
      reach.requireInReach(document, entries, team);
    }
    if (entries != null) {
      document.append(Reach.FIELD, entries);
    }
    if (team != null) {
      document.append(Reach.CARE_TEAM, team);
    }
    owner.ifPresent(
        p -> {
          if (!p.value().equals(document.get(PATIENT))
              && alsoOwned.stream().noneMatch(o -> o.value().equals(document.get(PATIENT)))) {
            throw new TenantScopeViolation("owner-scoped handle cannot write another patient");
          }
        });
    Document scopedDocument = new Document(TENANT, tenant.value());
    scopedDocument.putAll(document);
    return scopedDocument;
  }

  /** The first document matching {@code filter} in scope, with an optional projection. */
  public Optional<Document> findOne(Bson filter, Bson projection, Bson sort) {
    return StoreCalls.reaching(
        () -> {
          FindIterable<Document> found = collection.find(scoped(filter)).limit(1);
          if (projection != null) {
            found.projection(projection);
          }
          if (sort != null) {
            found.sort(sort);
          }
          Document first = found.first();
          if (first != null && reach != null) {
            reach.found(filter.toBsonDocument(), first);
          }
          return Optional.ofNullable(first);
        });
  }

  /**
   * Whether a document matches {@code filter} in scope: a find of one id, which a store serves from
   * an index where it has one (counting, on the embedded development store, always scans).
   */
  public boolean exists(Bson filter) {
    return findOne(filter, Projections.include("_id"), null).isPresent();
  }

  /** Documents matching {@code filter} in scope; {@code limit} 0 means no limit. */
  public List<Document> find(Bson filter, Bson projection, Bson sort, int limit) {
    return StoreCalls.reaching(
        () -> {
          FindIterable<Document> found = collection.find(scoped(filter)).limit(limit);
          if (projection != null) {
            found.projection(projection);
          }
          if (sort != null) {
            found.sort(sort);
          }
          return found.into(new ArrayList<>());
        });
  }

  /**
   * Every document in scope, read {@code batch} at a time in {@code _id} order and handed to {@code
   * action} (maintenance sweeps; each page is one query, so a long walk holds no cursor open).
   */
  public void forEachInBatches(int batch, java.util.function.Consumer<Document> action) {
    Bson after = new Document();
    for (List<Document> page = find(after, null, Sorts.ascending("_id"), batch);
        !page.isEmpty();
        page = find(after, null, Sorts.ascending("_id"), batch)) {
      page.forEach(action);
      after = Filters.gt("_id", page.get(page.size() - 1).get("_id"));
    }
  }

  /** Counts documents matching {@code filter} in scope. */
  public long count(Bson filter) {
    return StoreCalls.reaching(() -> collection.countDocuments(scoped(filter)));
  }

  /**
   * Runs {@code pipeline} after a leading {@code $match} on the scope. Only stages that cannot
   * reach other documents are allowed (no {@code $lookup}, {@code $unionWith}, {@code $out}...).
   */
  public List<Document> aggregate(List<? extends Bson> pipeline) {
    return aggregate(new BsonDocument(), pipeline);
  }

  /**
   * As above, {@code within} (a narrower scope such as the organisations in reach, and a query's
   * bounds) joined to the scope in the same first {@code $match} (ADR 43).
   */
  public List<Document> aggregate(Bson within, List<? extends Bson> pipeline) {
    List<Bson> stages = stages(within, pipeline);
    return StoreCalls.reaching(() -> collection.aggregate(stages).into(new ArrayList<>()));
  }

  /** The stages {@link #aggregate(Bson, List)} sends: the scoped {@code $match}, then the rest. */
  public List<Bson> stages(Bson within, List<? extends Bson> pipeline) {
    BsonDocument reached = reach == null ? null : reach.conditions(new BsonDocument());
    return ScopedPipeline.stages(scope(), reached, within, pipeline);
  }

  /**
   * Applies {@code update} to the first document matching {@code filter} in scope and returns it
   * after the update, or empty if none matched.
   */
  public Optional<Document> findOneAndUpdate(Bson filter, Bson update) {
    refuseIfAppendOnly("update");
    // Neither the tenant nor the patient a document belongs to can ever change.
    ScopeFields.reject(update, "update", true);
    return StoreCalls.reaching(
        () ->
            Optional.ofNullable(
                collection.findOneAndUpdate(
                    scoped(filter),
                    update,
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))));
  }

  /** Sets patient {@code patient}'s {@link Reach#FIELD}, from its memberships only (ADR 27). */
  public void setReach(String patient, List<Document> entries) {
    setDerived(patient, Reach.FIELD, entries);
  }

  /** Sets patient {@code patient}'s {@link Reach#CARE_TEAM}, from its care team only (ADR 30). */
  public void setCareTeam(String patient, List<String> subjects) {
    setDerived(patient, Reach.CARE_TEAM, subjects);
  }

  private void setDerived(String patient, String field, List<?> values) {
    run(
        () ->
            collection.updateOne(
                and(eq(TENANT, tenant.value()), eq(PATIENT, patient)),
                new Document("$set", new Document(field, values))));
  }

  /** Deletes documents matching {@code filter} in scope; returns how many. */
  public long deleteMany(Bson filter) {
    refuseIfAppendOnly("delete");
    return StoreCalls.reaching(() -> collection.deleteMany(scoped(filter)).getDeletedCount());
  }

  private static void run(Runnable action) {
    StoreCalls.reaching(
        () -> {
          action.run();
          return null;
        });
  }
}
