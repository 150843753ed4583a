package org.phirecords.internal.migration;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.TenantRegistration;
import org.phirecords.internal.tenant.TenantRepository;
import org.phirecords.model.TenantId;
import org.phirecords.model.TenantStatus;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;

/**
 * Applies the module's data migrations in order (ADR 52), one run at a time under the lock's lease.
 * Each migration's state ({@code RUNNING}, {@code DONE}) and position (the last tenant it finished,
 * tenants in id order) are kept in {@code schema_migrations}: a run killed mid-way is resumed by
 * the next at the tenant it was in. Audited as {@value #SUBJECT}: in the platform chain when a run
 * takes up a migration and when it is done, in each tenant's chain when that tenant's documents are
 * done (ids and counts only); each record's rewrite has its own event.
 */
public final class MigrationRunner {
  /** The subject migrations are audited as. */
  public static final String SUBJECT = "system:migration";

  private static final int TENANTS_PER_READ = 100;
  private final TenantCollections collections;
  private final AuditTrail trail;
  private final List<Migration> migrations;
  private final MongoCollection<Document> states;
  private final MigrationLease lease;

  /**
   * The runner of {@code migrations}, in order, over {@code collections}, holding {@code lease}.
   */
  MigrationRunner(
      TenantCollections collections,
      AuditTrail trail,
      List<Migration> migrations,
      Duration lease,
      Clock clock) {
    this.collections = collections;
    this.trail = trail;
    this.migrations = List.copyOf(migrations);
    this.states = collections.schemaMigrations();
    this.lease = new MigrationLease(states, UUID.randomUUID().toString(), lease, clock);
  }

  /** The runner of the module's migrations, rewrites sealed and audited in {@code trail}. */
  public static MigrationRunner of(
      TenantCollections collections, AuditTrail trail, Duration lease, int batch) {
    return new MigrationRunner(
        collections,
        trail,
        List.of(new StampSchemaVersion(collections, trail, batch)),
        lease,
        Clock.systemUTC());
  }

  /** What a run did. */
  public enum Status {
    /** Every migration was already done. */
    UP_TO_DATE,
    /** It applied the migrations listed. */
    APPLIED,
    /** Another run holds the lock: nothing was done. */
    HELD
  }

  /**
   * A run's outcome: its status, the migrations it finished and the documents it changed.
   *
   * @param status what it did
   * @param applied the ids of the migrations it finished
   * @param changed the documents it changed
   */
  public record Outcome(Status status, List<String> applied, long changed) {}

  /** The migrations not done yet, by id. */
  public List<String> pending() {
    return migrations.stream().map(Migration::id).filter(id -> !done(id)).toList();
  }

  /** Applies every pending migration, unless another run holds the lock. */
  public Outcome run() {
    if (pending().isEmpty()) {
      return new Outcome(Status.UP_TO_DATE, List.of(), 0);
    }
    if (!lease.claim()) {
      return new Outcome(Status.HELD, List.of(), 0);
    }
    try {
      List<String> applied = new ArrayList<>();
      long changed = 0;
      for (Migration m : migrations) {
        if (!done(m.id())) {
          changed += apply(m);
          applied.add(m.id());
        }
      }
      return new Outcome(applied.isEmpty() ? Status.UP_TO_DATE : Status.APPLIED, applied, changed);
    } finally {
      lease.release();
    }
  }

  private long apply(Migration m) {
    Document state = states.find(eq("_id", m.id())).first();
    Optional<TenantId> after =
        Optional.ofNullable(state).map(s -> s.getString("after")).map(TenantId::new);
    states.updateOne(
        eq("_id", m.id()),
        new Document("$set", new Document("state", "RUNNING"))
            .append("$setOnInsert", new Document("startedAt", new Date())),
        new UpdateOptions().upsert(true));
    audit(null, m, "started", 0);
    TenantRepository registry = new TenantRepository(collections);
    long changed = 0;
    for (List<TenantRegistration> page = registry.page(after, TENANTS_PER_READ);
        !page.isEmpty();
        page = registry.page(after, TENANTS_PER_READ)) {
      for (TenantRegistration tenant : page) {
        if (tenant.status() != TenantStatus.OFFBOARDED) {
          long count = m.migrate(tenant.id(), lease::renew);
          audit(tenant.id(), m, "tenant", count);
          changed += count;
        }
        lease.renew();
        states.updateOne(
            eq("_id", m.id()), new Document("$set", new Document("after", tenant.id().value())));
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
    states.updateOne(
        eq("_id", m.id()),
        new Document("$set", new Document("state", "DONE").append("finishedAt", new Date())));
    audit(null, m, "done", changed);
    return changed;
  }

  private boolean done(String id) {
    Document state = states.find(eq("_id", id)).first();
    return state != null && "DONE".equals(state.getString("state"));
  }

  private void audit(TenantId tenant, Migration m, String step, long count) {
    trail.record(
        new Caller(
            SUBJECT,
            Optional.ofNullable(tenant),
            Set.of(),
            Optional.empty(),
            PurposeOfUse.OPERATIONS,
            "local"),
        AuditAction.UPDATE,
        ResourceType.SCHEMA_MIGRATION,
        m.id(),
        null,
        AuditOutcome.SUCCESS,
        "SchemaMigration." + step,
        (int) Math.min(Integer.MAX_VALUE, count));
  }
}
