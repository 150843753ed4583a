package org.phirecords.internal.analytics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.bson.Document;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.store.Reach;
import org.phirecords.model.AnalyticsQuery;
import org.phirecords.model.AnalyticsQueryRecord;
import org.phirecords.model.AnalyticsResult;
import org.phirecords.model.TenantId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.Analytics;

/**
 * {@link Analytics} on the de-identified projection (ADR 43). The caller's organisations are part
 * of the pipeline's first {@code $match}; a query naming an organisation out of reach is refused
 * ({@code PHR-403-20}). Each answer is recorded before it is returned: its parameters in {@code
 * analytics_queries}, their digest in the audit event.
 */
@ApplicationScoped
public class MongoAnalytics implements Analytics {
  private Operations operations;
  private RecordsConfig config;
  private ProjectionRebuild rebuild;

  /** For CDI. */
  protected MongoAnalytics() {}

  /** The analytics within the current operation, configured by {@code config}; no rebuild. */
  public MongoAnalytics(Operations operations, RecordsConfig config) {
    this(operations, config, null);
  }

  /** As above, rebuilding the projection with {@code rebuild}. */
  @Inject
  public MongoAnalytics(Operations operations, RecordsConfig config, ProjectionRebuild rebuild) {
    this.operations = operations;
    this.config = config;
    this.rebuild = rebuild;
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_QUERY)
  public AnalyticsResult query(AnalyticsQuery query) {
    Operation op = operations.current();
    QueryPipeline pipeline = pipeline(op, query);
    AnalyticsSettings settings = settings(op);
    List<Suppression.Counted> counted =
        AnalyticsFacts.aggregate(op, pipeline.within(), pipeline.cells()).stream()
            .map(d -> new Suppression.Counted(pipeline.values(d), count(d)))
            .sorted(java.util.Comparator.comparing(c -> String.join("\u0000", c.values())))
            .toList();
    long total =
        AnalyticsFacts.aggregate(op, pipeline.within(), pipeline.total()).stream()
            .mapToLong(MongoAnalytics::count)
            .sum();
    List<AnalyticsResult.Cell> cells = Suppression.apply(counted, settings.minCell());
    int suppressed = (int) cells.stream().filter(AnalyticsResult.Cell::suppressed).count();
    String digest = AnalyticsQueryLog.store(op, query, cells.size(), suppressed);
    // Fail closed: the answer leaves only once its audit event is durable.
    op.record(AuditOutcome.SUCCESS, digest, null, cells.size());
    return new AnalyticsResult(
        digest,
        query.measure(),
        query.dimensions(),
        cells,
        Suppression.total(total, settings.minCell()),
        settings.minCell(),
        suppressed);
  }

  /** The checked pipeline of {@code query} within the caller's organisations. */
  QueryPipeline pipeline(Operation op, AnalyticsQuery query) {
    return checked(op, config, query);
  }

  /**
   * The pipeline of {@code query} within the caller's organisations, checked as a query is: also
   * for a saved query's model (ADR 45). Refusals are audited in {@code op}.
   */
  static QueryPipeline checked(Operation op, RecordsConfig config, AnalyticsQuery query) {
    Reach reach = op.reach(Permission.ANALYTICS_QUERY);
    for (String o : query.organisations()) {
      if (!reach.admits(o)) {
        op.record(AuditOutcome.DENIED, null, null, 0);
        throw new RecordsException(ErrorCode.ANALYTICS_OUT_OF_REACH);
      }
    }
    try {
      return new QueryPipeline(
          query,
          AnalyticsSettings.of(config, op.caller().tenant().orElseThrow()),
          reach.allOrganisations() ? null : List.copyOf(reach.organisations()));
    } catch (RecordsException refused) {
      op.record(AuditOutcome.INVALID, null, null, 0);
      throw refused;
    }
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_AUDIT_READ)
  public List<AnalyticsQueryRecord> queries(Instant from, Instant to, int limit) {
    Operation op = operations.current();
    if (limit < 1 || limit > 500) {
      throw InvalidInputException.invalid("/limit", "must be 1 to 500");
    }
    List<AnalyticsQueryRecord> found = AnalyticsQueryLog.list(op, from, to, limit);
    op.record(AuditOutcome.SUCCESS, null, null, found.size());
    return found;
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_REBUILD)
  public int rebuild(boolean restart, int batches) {
    Operation op = operations.current();
    if (batches < 1 || batches > 100) {
      op.record(AuditOutcome.INVALID, null, null, 0);
      throw InvalidInputException.invalid("/batches", "must be 1 to 100");
    }
    TenantId tenant = op.caller().tenant().orElseThrow();
    int done = rebuild.rebuild(tenant, restart, batches);
    op.record(AuditOutcome.SUCCESS, tenant.value(), null, done);
    return done;
  }

  private AnalyticsSettings settings(Operation op) {
    return AnalyticsSettings.of(config, op.caller().tenant().orElseThrow());
  }

  private static long count(Document d) {
    return d.get("n", Number.class).longValue();
  }
}
