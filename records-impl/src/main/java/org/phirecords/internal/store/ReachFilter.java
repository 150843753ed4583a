package org.phirecords.internal.store;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.model.TenantId;

/**
 * What a {@link Reach} below the whole tenant adds to a handle's filters (ADR 27). On patients: a
 * membership in effect of an organisation in reach. On collections whose documents belong to a
 * patient: the patients the filter names must be in reach (else it matches nothing), and a filter
 * naming none is narrowed to those of the patients it matches that are in reach.
 */
final class ReachFilter {
  /** Most patients a query that names none may be narrowed to; beyond, it must name one. */
  static final int MAX_UNNAMED = 10_000;

  /** Most documents whose patients are looked up for a query that names none. */
  static final int MAX_PROBED = 1_000;

  private static final BsonDocument NOTHING =
      new BsonDocument(TenantScopedCollection.PATIENT, new BsonDocument("$in", new BsonArray()));

  private final Reach reach;
  private final boolean patients;
  private final boolean checkInserts;
  private final MongoCollection<Document> documents;
  private final MongoCollection<Document> patientStore;
  private final TenantId tenant;

  /**
   * {@code reach} on a collection of patients ({@code patients}) or of documents belonging to
   * patients ({@code documents}), whose inserts are checked too if {@code checkInserts} (a
   * break-glass declaration is made for a patient out of reach), looking patients up in {@code
   * patientStore} of {@code tenant}.
   */
  ReachFilter(
      Reach reach,
      boolean patients,
      boolean checkInserts,
      MongoCollection<Document> documents,
      MongoCollection<Document> patientStore,
      TenantId tenant) {
    this.documents = documents;
    this.reach = reach;
    this.patients = patients;
    this.checkInserts = checkInserts;
    this.patientStore = patientStore;
    this.tenant = tenant;
  }

  /**
   * The conditions to add to {@code filter} (already free of scope fields). For a filter naming no
   * patient, the patients of up to {@link #MAX_PROBED} documents it matches are looked up: it may
   * match the documents of those in reach; if it matches more documents, it is narrowed to every
   * patient in reach.
   */
  BsonDocument conditions(BsonDocument filter) {
    if (patients) {
      return reach.patientCondition().toBsonDocument();
    }
    Set<String> named = named(filter);
    if (named == null) {
      List<String> matched = patientsMatching(filter);
      if (matched.size() <= MAX_PROBED) {
        return only(admit(new LinkedHashSet<>(matched)));
      }
      return only(new LinkedHashSet<>(allInReach()));
    }
    Set<String> admitted = admit(named);
    if (admitted.size() == named.size()) {
      return new BsonDocument();
    }
    return only(admitted);
  }

  private static BsonDocument only(Set<String> admitted) {
    return admitted.isEmpty()
        ? NOTHING
        : new BsonDocument(
            TenantScopedCollection.PATIENT,
            new BsonDocument(
                "$in", new BsonArray(admitted.stream().map(BsonString::new).toList())));
  }

  /**
   * Refuses a document of a patient out of reach (services look patients up first), and a patient
   * whose reach {@code entries} and care {@code team} would not bring it within reach.
   */
  void requireInReach(Document document, List<Document> entries, List<String> team) {
    if (patients) {
      if (!reach.admitsNew(entries, team)) {
        throw new TenantScopeViolation("a patient added below the tenant must be within reach");
      }
      return;
    }
    Object patient = document.get(TenantScopedCollection.PATIENT);
    if (checkInserts && (!(patient instanceof String p) || admit(Set.of(p)).isEmpty())) {
      throw new TenantScopeViolation("document of a patient out of reach");
    }
  }

  /** Remembers the patient a patient filter named, once a document matched it. */
  void found(BsonDocument filter, Document matched) {
    if (!patients) {
      return;
    }
    if (matched.get(TenantScopedCollection.PATIENT) instanceof String p) {
      reach.found(p);
      return;
    }
    Set<String> named = named(filter);
    if (named != null && named.size() == 1) {
      reach.found(named.iterator().next());
    }
  }

  /** Those of {@code named} in reach: known already, or looked up in one query. */
  private Set<String> admit(Set<String> named) {
    Set<String> admitted = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String p : named) {
      if (reach.known(p)) {
        admitted.add(p);
      } else {
        unknown.add(p);
      }
    }
    if (!unknown.isEmpty()) {
      for (Document d :
          patientStore
              .find(
                  and(
                      eq(TenantScopedCollection.TENANT, tenant.value()),
                      in(TenantScopedCollection.PATIENT, unknown),
                      reach.patientCondition()))
              .projection(Projections.include(TenantScopedCollection.PATIENT))) {
        String p = d.getString(TenantScopedCollection.PATIENT);
        reach.found(p);
        admitted.add(p);
      }
    }
    return admitted;
  }

  /**
   * The patient ids of up to {@link #MAX_PROBED} + 1 of the tenant's documents {@code filter}
   * matches.
   */
  private List<String> patientsMatching(BsonDocument filter) {
    List<String> found = new ArrayList<>();
    for (Document d :
        documents
            .find(and(eq(TenantScopedCollection.TENANT, tenant.value()), filter))
            .projection(Projections.include(TenantScopedCollection.PATIENT))
            .limit(MAX_PROBED + 1)) {
      found.add(String.valueOf(d.get(TenantScopedCollection.PATIENT)));
    }
    return found;
  }

  private List<String> allInReach() {
    List<String> all = new ArrayList<>();
    for (Document d :
        patientStore
            .find(and(eq(TenantScopedCollection.TENANT, tenant.value()), reach.patientCondition()))
            .projection(Projections.include(TenantScopedCollection.PATIENT))
            .limit(MAX_UNNAMED + 1)) {
      all.add(d.getString(TenantScopedCollection.PATIENT));
    }
    if (all.size() > MAX_UNNAMED) {
      throw new RecordsException(ErrorCode.NAME_A_PATIENT);
    }
    all.forEach(reach::found);
    return all;
  }

  /**
   * The patient ids {@code filter} pins its documents to (an equality or an {@code $in} of strings,
   * at its top or in a top-level {@code $and}), or {@code null} if it names none.
   */
  static Set<String> named(BsonDocument filter) {
    Set<String> found = null;
    BsonValue own = filter.get(TenantScopedCollection.PATIENT);
    if (own != null) {
      found = ids(own);
      if (found == null) {
        return null;
      }
    }
    BsonValue all = filter.get("$and");
    if (all != null && all.isArray()) {
      for (BsonValue part : all.asArray()) {
        if (part.isDocument()) {
          Set<String> inPart = named(part.asDocument());
          if (inPart != null) {
            if (found == null) {
              found = new LinkedHashSet<>(inPart);
            } else {
              found.retainAll(inPart);
            }
          }
        }
      }
    }
    return found;
  }

  private static Set<String> ids(BsonValue condition) {
    if (condition.isString()) {
      return new LinkedHashSet<>(Set.of(condition.asString().getValue()));
    }
    if (condition.isDocument() && condition.asDocument().size() == 1) {
      BsonValue list = condition.asDocument().get("$in");
      BsonValue equal = condition.asDocument().get("$eq");
      if (equal != null && equal.isString()) {
        return new LinkedHashSet<>(Set.of(equal.asString().getValue()));
      }
      if (list != null && list.isArray() && list.asArray().stream().allMatch(BsonValue::isString)) {
        Set<String> out = new LinkedHashSet<>();
        list.asArray().forEach(v -> out.add(v.asString().getValue()));
        return out;
      }
    }
    return null;
  }
}
