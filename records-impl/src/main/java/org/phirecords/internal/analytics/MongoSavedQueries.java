package org.phirecords.internal.analytics;

import com.mongodb.MongoException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.regex.Pattern;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.RecordsException;
import org.phirecords.error.VersionConflictException;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.operation.Operation;
import org.phirecords.internal.operation.Operations;
import org.phirecords.internal.store.StoreErrors;
import org.phirecords.model.AnalyticsQuery;
import org.phirecords.model.SavedQuery;
import org.phirecords.model.SavedQueryId;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.SavedQueries;

/**
 * {@link SavedQueries} in {@code analytics_saved_queries} (ADR 45): each model checked as a query
 * is, before anything is stored; every change announced and concluded (ADR 20).
 */
@ApplicationScoped
public class MongoSavedQueries implements SavedQueries {
  /** The most saved queries a tenant holds. */
  static final int MAX = 200;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9 _.,()-]{1,80}");

  private Operations operations;
  private RecordsConfig config;

  /** For CDI. */
  protected MongoSavedQueries() {}

  /** Saved queries within the current operation, checked against {@code config}. */
  @Inject
  public MongoSavedQueries(Operations operations, RecordsConfig config) {
    this.operations = operations;
    this.config = config;
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_SAVED_QUERY)
  public SavedQuery save(String name, AnalyticsQuery query) {
    Operation op = operations.current();
    checked(op, name, query);
    SavedQueryRepository saved = SavedQueryRepository.of(op);
    if (saved.count() >= MAX) {
      op.record(
          AuditAction.CREATE, op.permission().resourceType(), AuditOutcome.INVALID, null, null, 0);
      throw new RecordsException(ErrorCode.SAVED_QUERY_LIMIT);
    }
    SavedQueryId id = SavedQueryId.random();
    WriteIntent intent = SavedQueryRepository.announce(op, AuditAction.CREATE, id, 1L);
    try {
      SavedQuery stored = saved.insert(id, name, query, op.caller().subject(), intent);
      op.conclude(intent, AuditOutcome.SUCCESS, 1);
      return stored;
    } catch (MongoException e) {
      if (!StoreErrors.isDuplicateKey(e)) {
        throw e;
      }
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new RecordsException(ErrorCode.SAVED_QUERY_NAME_TAKEN);
    }
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_SAVED_QUERY)
  public SavedQuery get(SavedQueryId id) {
    Operation op = operations.current();
    SavedQuery found = existing(op, id, AuditAction.READ);
    op.record(
        AuditAction.READ,
        op.permission().resourceType(),
        AuditOutcome.SUCCESS,
        id.value(),
        null,
        1);
    return found;
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_SAVED_QUERY)
  public List<SavedQuery> list() {
    Operation op = operations.current();
    List<SavedQuery> all = SavedQueryRepository.of(op).all(MAX);
    op.record(
        AuditAction.READ,
        op.permission().resourceType(),
        AuditOutcome.SUCCESS,
        null,
        null,
        all.size());
    return all;
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_SAVED_QUERY)
  public SavedQuery update(SavedQueryId id, long version, String name, AnalyticsQuery query) {
    Operation op = operations.current();
    checked(op, name, query);
    SavedQuery current = existing(op, id, AuditAction.UPDATE);
    if (current.version() != version) {
      op.record(
          AuditAction.UPDATE,
          op.permission().resourceType(),
          AuditOutcome.CONFLICT,
          id.value(),
          null,
          0);
      throw new VersionConflictException();
    }
    WriteIntent intent = SavedQueryRepository.announce(op, AuditAction.UPDATE, id, version + 1);
    try {
      SavedQuery updated =
          SavedQueryRepository.of(op)
              .update(id, version, name, query, op.caller().subject(), intent)
              .orElse(null);
      if (updated == null) {
        op.conclude(intent, AuditOutcome.CONFLICT, 0);
        throw new VersionConflictException();
      }
      op.conclude(intent, AuditOutcome.SUCCESS, 1);
      return updated;
    } catch (MongoException e) {
      if (!StoreErrors.isDuplicateKey(e)) {
        throw e;
      }
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new RecordsException(ErrorCode.SAVED_QUERY_NAME_TAKEN);
    }
  }

  @Override
  @RequiresPermission(Permission.ANALYTICS_SAVED_QUERY)
  public void delete(SavedQueryId id) {
    Operation op = operations.current();
    SavedQuery current = existing(op, id, AuditAction.DELETE);
    SavedQueryRepository saved = SavedQueryRepository.of(op);
    WriteIntent intent =
        SavedQueryRepository.announce(op, AuditAction.DELETE, id, current.version() + 1);
    if (!saved.markDeleted(id, current.version(), intent)) {
      op.conclude(intent, AuditOutcome.CONFLICT, 0);
      throw new VersionConflictException();
    }
    op.conclude(intent, AuditOutcome.SUCCESS, 1);
    saved.remove(id);
  }

  /** Removes every saved query of {@code tenant} (offboarding); how many. */
  public static long purge(
      org.phirecords.internal.store.TenantCollections collections,
      org.phirecords.model.TenantId tenant) {
    return SavedQueryRepository.purge(collections, tenant);
  }

  /** Refuses a name of another form ({@code PHR-400-67}) or a model a query would be refused. */
  private void checked(Operation op, String name, AnalyticsQuery query) {
    if (name == null || !NAME.matcher(name).matches() || name.isBlank()) {
      op.record(AuditOutcome.INVALID, null, null, 0);
      throw new RecordsException(ErrorCode.SAVED_QUERY_NAME);
    }
    MongoAnalytics.checked(op, config, query);
  }

  private static SavedQuery existing(Operation op, SavedQueryId id, AuditAction action) {
    return SavedQueryRepository.of(op)
        .byId(id)
        .orElseThrow(
            () -> {
              op.record(
                  action,
                  op.permission().resourceType(),
                  AuditOutcome.NOT_FOUND,
                  id.value(),
                  null,
                  0);
              return new RecordsException(ErrorCode.SAVED_QUERY_NOT_FOUND);
            });
  }
}
