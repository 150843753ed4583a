package org.phirecords.internal.integration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.integration.IntegrationEvent;
import org.phirecords.integration.IntegrationEventPage;
import org.phirecords.internal.audit.chain.ChainLinks;
import org.phirecords.internal.audit.export.AuditEventRepository;
import org.phirecords.internal.audit.trail.IntegrationParts;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.IntegrationEvents;

/**
 * {@link IntegrationEvents} read off the caller's tenant's audit chain (ADR 35): a position is a
 * chain position, the events are the integration parts that successful writes' outcome events
 * carry. No write of its own on any request path; ordered, gap-free and durable because the chain
 * is (majority-committed reads, positions taken in order by the chain writer).
 */
@ApplicationScoped
public class MongoIntegrationEvents implements IntegrationEvents {
  /**
   * Most chain positions one page looks at: reads and refusals sit between writes in the chain, so
   * a page scans at most this many (small, projected) events however sparse the writes are.
   */
  static final int SCAN = 2000;

  private Operations operations;
  private TenantCollections collections;

  /** For CDI. */
  protected MongoIntegrationEvents() {}

  /** Events of the trails of {@code collections}, read within {@code operations}. */
  @Inject
  public MongoIntegrationEvents(Operations operations, TenantCollections collections) {
    this.operations = operations;
    this.collections = collections;
  }

  @Override
  @RequiresPermission(Permission.INTEGRATION_EVENTS_READ)
  public IntegrationEventPage after(String position, int limit) {
    Operation op = operations.current();
    if (!op.reach(Permission.INTEGRATION_EVENTS_READ).isWholeTenant()) {
      // The stream names patients of the whole tenant: none of it for a caller narrowed below it.
      op.record(AuditOutcome.DENIED, null, null, 0);
      throw new RecordsException(ErrorCode.ACCESS_DENIED);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      op.record(AuditOutcome.INVALID, null, null, 0); // the position is not checked yet: not echoed
      throw new RecordsException(ErrorCode.EVENT_LIMIT_INVALID);
    }
    long after = parse(op, position);
    List<Document> scanned = AuditEventRepository.integrationScan(op, after, SCAN);
    checkPosition(op, position, after, scanned.isEmpty() ? null : seq(scanned.get(0)));
    List<IntegrationEvent> events = new ArrayList<>();
    long next = after;
    for (Document d : scanned) {
      next = seq(d);
      if (d.containsKey(IntegrationParts.FIELD)) {
        events.add(IntegrationParts.event(d));
        if (events.size() == limit) {
          break;
        }
      }
    }
    op.record(AuditOutcome.SUCCESS, position, null, events.size());
    return new IntegrationEventPage(events, Long.toString(next));
  }

  private static long parse(Operation op, String position) {
    if (position == null || position.isEmpty()) {
      return 0;
    }
    try {
      long after = Long.parseLong(position);
      if (after >= 0 && position.equals(Long.toString(after))) {
        return after;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    op.record(AuditOutcome.INVALID, null, null, 0);
    throw new RecordsException(ErrorCode.EVENT_POSITION_INVALID);
  }

  /**
   * Refuses a position whose events were purged (410: the consumer must start again knowing it
   * missed some) or that the stream never reached (400: reading on from it would skip events). The
   * common case, the next position right after it, costs nothing.
   */
  private void checkPosition(Operation op, String position, long after, Long first) {
    if (after == 0
        || (first != null && first == after + 1)
        || AuditEventRepository.holdsPosition(op, after)) {
      return;
    }
    Document anchor =
        collections
            .auditAnchors()
            .find(com.mongodb.client.model.Filters.eq("_id", op.caller().tenant().get().value()))
            .first();
    long purgedUpTo = anchor == null ? 0 : anchor.get(ChainLinks.SEQ, Number.class).longValue();
    if (after < purgedUpTo) {
      op.record(AuditOutcome.NOT_FOUND, position, null, 0);
      throw new RecordsException(ErrorCode.EVENT_POSITION_PURGED);
    }
    if (after > purgedUpTo) {
      op.record(AuditOutcome.INVALID, position, null, 0);
      throw new RecordsException(ErrorCode.EVENT_POSITION_INVALID);
    }
  }

  private static long seq(Document d) {
    return d.get(ChainLinks.SEQ, Number.class).longValue();
  }
}
