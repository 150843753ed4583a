package org.phirecords.internal.tenant;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Projections.include;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.store.StoreCalls;
import org.phirecords.internal.store.StoreErrors;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.model.AlertSettings;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Role;

/**
 * The tenant registry (platform data keyed by tenant id): the only code that knows its field names.
 * Reads map an unreachable store to 503 like every other store call.
 */
public class TenantRepository {
  private static final String ID = "_id";
  private static final String STATUS = "status";
  private static final String IDP = "idp";
  private static final String ISSUER = "issuer";
  private static final String OFFBOARDING = "offboarding";
  private static final String GROUP_MAPPING = "groupMapping";
  private static final FindOneAndUpdateOptions RETURN_AFTER =
      new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

  private final TenantCollections collections;
  private final WriteIntent intent;

  /** The registry of {@code collections}. */
  public TenantRepository(TenantCollections collections) {
    this(collections, null);
  }

  private TenantRepository(TenantCollections collections, WriteIntent intent) {
    this.collections = collections;
    this.intent = intent;
  }

  /**
   * The same registry whose changes carry {@code intent}'s mark in the same write, so that
   * reconciliation can prove whether an announced change took effect (ADR 20).
   */
  public TenantRepository markedBy(WriteIntent intent) {
    return new TenantRepository(collections, intent);
  }

  /** Marks {@code tenant}'s entry as changed by this repository's intent (after key operations). */
  public void mark(TenantId tenant) {
    collections.changingRegistry(
        tenant, () -> registry().updateOne(eq(ID, tenant.value()), marked(null)));
  }

  /** {@code update} plus the intent's mark, if this repository carries one. */
  private Bson marked(Bson update) {
    if (intent == null) {
      return update;
    }
    return update == null ? intent.appliedMark() : Updates.combine(update, intent.appliedMark());
  }

  /** What storing a new registration did. */
  public enum Inserted {
    /** Stored. */
    CREATED,
    /** A tenant with that id is registered already: nothing changed. */
    ALREADY_REGISTERED,
    /** Another tenant registered the same identity provider issuer: nothing changed. */
    ISSUER_TAKEN
  }

  /** The entry of {@code tenant}, if registered. */
  public Optional<TenantRegistration> find(TenantId tenant) {
    return first(eq(ID, tenant.value()), null);
  }

  /** The tenant whose own identity provider has {@code issuer}, if any. */
  public Optional<TenantRegistration> findByIssuer(String issuer) {
    return first(eq(IDP + "." + ISSUER, issuer), null);
  }

  /** Status and own issuer of {@code tenant} only (a smaller read, for every request). */
  public Optional<TenantStatusLookup.Registration> standing(TenantId tenant) {
    return first(eq(ID, tenant.value()), new Document(STATUS, 1).append(IDP + "." + ISSUER, 1))
        .map(r -> new TenantStatusLookup.Registration(r.status(), r.ownIssuer()));
  }

  /**
   * Up to {@code max} registrations by id, after {@code after} if given (the {@code _id} index).
   */
  public List<TenantRegistration> page(Optional<TenantId> after, int max) {
    Bson filter = after.map(t -> gt(ID, t.value())).orElse(new Document());
    List<TenantRegistration> page = new ArrayList<>();
    StoreCalls.reaching(
        () ->
            registry()
                .find(filter)
                .sort(new Document(ID, 1))
                .limit(max)
                .map(TenantDocuments::read)
                .into(page));
    return page;
  }

  /** Whether {@code tenant} is registered. */
  public boolean exists(TenantId tenant) {
    return StoreCalls.reaching(() -> registry().countDocuments(eq(ID, tenant.value())) > 0);
  }

  /** Stores a new registration (status, id, names, first admin, identity provider). */
  public Inserted insert(TenantRegistration r) {
    Document doc = TenantDocuments.created(r);
    if (intent != null) {
      doc.append(WriteIntent.APPLIED, List.of(intent.id()));
    }
    try {
      StoreCalls.reaching(() -> registry().insertOne(doc));
      return Inserted.CREATED;
    } catch (MongoException e) {
      if (!StoreErrors.isDuplicateKey(e)) {
        throw e;
      }
      // A clash on the id is the same tenant again; otherwise on the unique issuer index.
      return exists(r.id()) ? Inserted.ALREADY_REGISTERED : Inserted.ISSUER_TAKEN;
    }
  }

  /**
   * Moves {@code tenant} to {@code to} if its status is one of {@code from} (or {@code to} already:
   * idempotent); the entry after, or empty if it is absent or in another state.
   */
  public Optional<TenantRegistration> transition(
      TenantId tenant, TenantStatus to, TenantStatus... from) {
    List<String> allowed = new ArrayList<>(Arrays.stream(from).map(Enum::name).toList());
    allowed.add(to.name());
    return update(
        tenant, and(eq(ID, tenant.value()), in(STATUS, allowed)), Updates.set(STATUS, to.name()));
  }

  /** Notes a requested offboarding of an active or suspended {@code tenant}; false otherwise. */
  public boolean requestOffboarding(
      TenantId tenant, TenantRegistration.OffboardingRequest request) {
    return update(
            tenant,
            and(
                eq(ID, tenant.value()),
                in(STATUS, TenantStatus.ACTIVE.name(), TenantStatus.SUSPENDED.name())),
            Updates.set(
                OFFBOARDING,
                new Document("codeHash", request.codeHash())
                    .append("expiresAt", Date.from(request.expiresAt()))
                    .append("requestedBy", request.requestedBy())))
        .isPresent();
  }

  /**
   * Records that {@code approver} approved the requested offboarding of {@code tenant}, which may
   * start at {@code notBefore}; false if there is no unapproved request any more.
   */
  public boolean approveOffboarding(TenantId tenant, String approver, Instant notBefore) {
    return update(
            tenant,
            and(
                eq(ID, tenant.value()),
                in(STATUS, TenantStatus.ACTIVE.name(), TenantStatus.SUSPENDED.name()),
                Filters.exists(OFFBOARDING + ".codeHash"),
                Filters.exists(OFFBOARDING + ".approvedBy", false)),
            Updates.combine(
                Updates.set(OFFBOARDING + ".approvedBy", approver),
                Updates.set(OFFBOARDING + ".notBefore", Date.from(notBefore))))
        .isPresent();
  }

  /** Withdraws a requested or approved offboarding that has not started; false if none. */
  public boolean cancelOffboarding(TenantId tenant) {
    return update(
            tenant,
            and(
                eq(ID, tenant.value()),
                in(STATUS, TenantStatus.ACTIVE.name(), TenantStatus.SUSPENDED.name()),
                Filters.exists(OFFBOARDING)),
            Updates.unset(OFFBOARDING))
        .isPresent();
  }

  /** Moves {@code tenant} from {@code current} to offboarding; false if its status changed. */
  public boolean startOffboarding(TenantId tenant, TenantStatus current) {
    return collections
            .changingRegistry(
                tenant,
                () ->
                    registry()
                        .updateOne(
                            and(eq(ID, tenant.value()), eq(STATUS, current.name())),
                            marked(
                                Updates.combine(
                                    Updates.set(STATUS, TenantStatus.OFFBOARDING.name()),
                                    Updates.unset(OFFBOARDING)))))
            .getModifiedCount()
        == 1;
  }

  /** Marks an offboarding {@code tenant} offboarded at {@code when}; the entry after. */
  public Optional<TenantRegistration> markOffboarded(TenantId tenant, Instant when) {
    return update(
        tenant,
        and(eq(ID, tenant.value()), eq(STATUS, TenantStatus.OFFBOARDING.name())),
        Updates.combine(
            Updates.set(STATUS, TenantStatus.OFFBOARDED.name()),
            Updates.set("offboardedAt", Date.from(when))));
  }

  /** Stores {@code tenant}'s own alert settings. */
  public void setAlerts(TenantId tenant, AlertSettings s) {
    Document alerts =
        new Document("windowMinutes", s.windowMinutes())
            .append("distinctPatients", s.distinctPatients())
            .append("denials", s.denials())
            .append("workingHours", s.workingHours())
            .append("zone", s.zone());
    set(tenant, "alerts", alerts);
  }

  /** Stores which roles each group grants (see {@link TenantDocuments#mapping}). */
  public void setGroupMapping(TenantId tenant, Map<String, Set<Role>> groups) {
    set(tenant, GROUP_MAPPING, TenantDocuments.mapping(groups));
  }

  /** The stored {@code fields} of {@code tenant}'s entry, as read for {@link #compareAndSet}. */
  Optional<Document> fields(TenantId tenant, List<String> fields) {
    return Optional.ofNullable(
        StoreCalls.reaching(
            () -> registry().find(eq(ID, tenant.value())).projection(include(fields)).first()));
  }

  /**
   * Sets {@code values} in {@code tenant}'s entry if each of their fields still holds its value in
   * {@code read} (absent there: absent); whether it did. Optimistic concurrency for changes that
   * read, then rewrite, a whole field.
   */
  boolean compareAndSet(TenantId tenant, Document read, Document values) {
    List<Bson> filter = new ArrayList<>(List.of(eq(ID, tenant.value())));
    List<Bson> sets = new ArrayList<>();
    values.forEach(
        (field, value) -> {
          filter.add(
              read.containsKey(field) ? eq(field, read.get(field)) : Filters.exists(field, false));
          sets.add(Updates.set(field, value));
        });
    Bson update = marked(Updates.combine(sets));
    return collections
            .changingRegistry(tenant, () -> registry().updateOne(and(filter), update))
            .getModifiedCount()
        == 1;
  }

  /** Stores {@code tenant}'s own audit retention. */
  public void setAuditRetentionYears(TenantId tenant, int years) {
    set(tenant, "auditRetentionYears", years);
  }

  /**
   * Stores one of {@code tenant}'s settings in its registry {@code field}, in the stored form its
   * settings class gives (clearances, break-glass, care teams).
   */
  void set(TenantId tenant, String field, Object value) {
    collections.changingRegistry(
        tenant,
        () -> registry().updateOne(eq(ID, tenant.value()), marked(Updates.set(field, value))));
  }

  private Optional<TenantRegistration> update(TenantId tenant, Bson filter, Bson update) {
    return Optional.ofNullable(
            collections.changingRegistry(
                tenant, () -> registry().findOneAndUpdate(filter, marked(update), RETURN_AFTER)))
        .map(TenantDocuments::read);
  }

  private Optional<TenantRegistration> first(Bson filter, Document projection) {
    return Optional.ofNullable(
            StoreCalls.reaching(() -> registry().find(filter).projection(projection).first()))
        .map(TenantDocuments::read);
  }

  private MongoCollection<Document> registry() {
    return collections.tenantRegistry();
  }
}
