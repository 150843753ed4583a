package org.phirecords.internal.audit.chain;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.bson.Document;
import org.phirecords.internal.analytics.AnalyticsQueryLog;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.tenant.TenantRegistration;
import org.phirecords.internal.tenant.TenantRepository;
import org.phirecords.model.TenantId;

/**
 * Retention of the audit trail: per tenant ({@code auditRetentionYears} in its registry entry),
 * else {@code records.audit.retention-years}, default 6 years (HIPAA 164.316(b)(2)). The purge
 * removes only the oldest events of a chain that all lie beyond the retention period, after
 * anchoring the chain where it now starts, so the rest still verifies. Nothing inside the retention
 * period can be removed: no other code path deletes audit events.
 */
@ApplicationScoped
public class AuditRetention {
  /** The shortest retention a tenant may set. */
  public static final int MINIMUM_YEARS = 6;

  /** The longest retention a tenant may set. */
  public static final int MAXIMUM_YEARS = 100;

  private TenantCollections collections;
  private AuditTrail trail;
  private RecordsConfig config;
  private Clock clock = Clock.systemUTC();

  /** For CDI. */
  protected AuditRetention() {}

  /** Retention over the trail of {@code collections}. */
  @Inject
  public AuditRetention(TenantCollections collections, AuditTrail trail, RecordsConfig config) {
    this.collections = collections;
    this.trail = trail;
    this.config = config;
  }

  /** The same with another clock (tests). */
  public AuditRetention(
      TenantCollections collections, AuditTrail trail, RecordsConfig config, Clock clock) {
    this(collections, trail, config);
    this.clock = clock;
  }

  /** Years {@code chain}'s events are kept. */
  public int years(String chain) {
    int years =
        new TenantRepository(collections)
            .find(new TenantId(chain))
            .flatMap(TenantRegistration::auditRetentionYears)
            .orElseGet(
                () ->
                    config.value("records.audit.retention-years").map(Integer::parseInt).orElse(6));
    return Math.max(MINIMUM_YEARS, years);
  }

  /**
   * Purges the events of {@code chain} beyond retention, and the tenant's analytics queries run
   * before the same cutoff; returns how many documents were removed.
   */
  public long purge(String chain) {
    Instant cutoff = clock.instant().atZone(ZoneOffset.UTC).minusYears(years(chain)).toInstant();
    // A tenant's analytics queries (ADR 43) are kept as long as its trail (ADR 45).
    long queries =
        ChainLinks.PLATFORM.equals(chain)
            ? 0
            : AnalyticsQueryLog.purge(collections, new TenantId(chain), cutoff);
    return queries + purgeEvents(chain, cutoff);
  }

  private long purgeEvents(String chain, Instant cutoff) {
    var log = collections.auditLog();
    // The first event still within retention: everything before it (by position) may go.
    Document keep =
        log.find(and(eq(ChainLinks.CHAIN, chain), gte("occurredAt", Date.from(cutoff))))
            .sort(new Document(ChainLinks.SEQ, 1))
            .first();
    Document last =
        keep != null
            ? log.find(
                    and(
                        eq(ChainLinks.CHAIN, chain),
                        eq(ChainLinks.SEQ, keep.get(ChainLinks.SEQ, Number.class).longValue() - 1)))
                .first()
            : log.find(eq(ChainLinks.CHAIN, chain)).sort(new Document(ChainLinks.SEQ, -1)).first();
    if (last == null) {
      return 0;
    }
    // No event at or after the cutoff may be older-positioned than one we remove.
    if (last.getDate("occurredAt").toInstant().isAfter(cutoff)) {
      return 0;
    }
    long seq = last.get(ChainLinks.SEQ, Number.class).longValue();
    String hash = last.getString(ChainLinks.HASH);
    // The anchor only ever moves forward, and the head is at least at the anchor, so no writer
    // can later reuse a purged position.
    monotonic(
        collections.auditAnchors(),
        chain,
        seq,
        new Document(ChainLinks.SEQ, seq)
            .append("hash", hash)
            .append(ChainLinks.KEY_ID, trail.key().id())
            .append("mac", ChainLinks.anchorMac(trail.key(), chain, seq, hash))
            .append("purgedBefore", Date.from(cutoff)));
    monotonic(
        collections.auditHeads(),
        chain,
        seq,
        new Document(ChainLinks.SEQ, seq)
            .append("hash", hash)
            .append(ChainLinks.KEY_ID, trail.key().id())
            .append("mac", ChainLinks.headMac(trail.key(), chain, seq, hash)));
    return collections.purgeAuditEvents(chain, seq);
  }

  private static void monotonic(
      com.mongodb.client.MongoCollection<Document> collection,
      String chain,
      long seq,
      Document fields) {
    try {
      collection.updateOne(
          com.mongodb.client.model.Filters.and(
              eq("_id", chain), com.mongodb.client.model.Filters.lt(ChainLinks.SEQ, seq)),
          new Document("$set", fields),
          new com.mongodb.client.model.UpdateOptions().upsert(true));
    } catch (com.mongodb.MongoException e) {
      if (!org.phirecords.internal.store.StoreErrors.isDuplicateKey(e)) {
        throw e; // a duplicate means it is already further along
      }
    }
  }
}
