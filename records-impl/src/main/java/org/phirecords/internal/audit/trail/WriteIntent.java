package org.phirecords.internal.audit.trail;

import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Updates;
import java.util.List;
import org.bson.conversions.Bson;
import org.phirecords.audit.AuditAction;
import org.phirecords.integration.IntegrationEventType;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;

/**
 * A write announced in the audit trail, waiting for its outcome. A written version of tenant data
 * carries the intent id in {@link #STAMP}; a platform record (a tenant's registry entry, key
 * administration) keeps the ids of the last intents applied to it in {@link #APPLIED}. Either way
 * reconciliation can tell exactly whether the write took effect. {@code emergencyId} names the
 * break-glass declaration the write ran under (ADR 28), or is null. {@code emits} is the
 * integration event its success announces (ADR 35), or null.
 */
public record WriteIntent(
    String id,
    Caller caller,
    Permission permission,
    AuditAction action,
    String resourceId,
    String patientId,
    String operation,
    String emergencyId,
    Emits emits) {
  /**
   * The integration event a write declares (ADR 35): its type, the version it writes, and the other
   * patient of a merge or its undo (else null). Stored with the open intent, so that the reconciler
   * concludes an interrupted write with the same event.
   */
  public record Emits(IntegrationEventType type, long version, String relatedPatientId) {}

  /** A write that announces no integration event. */
  public WriteIntent(
      String id,
      Caller caller,
      Permission permission,
      AuditAction action,
      String resourceId,
      String patientId,
      String operation,
      String emergencyId) {
    this(id, caller, permission, action, resourceId, patientId, operation, emergencyId, null);
  }

  /** A write under no break-glass declaration. */
  public WriteIntent(
      String id,
      Caller caller,
      Permission permission,
      AuditAction action,
      String resourceId,
      String patientId,
      String operation) {
    this(id, caller, permission, action, resourceId, patientId, operation, null);
  }

  /** The field of a written document naming the intent that wrote it last. */
  public static final String STAMP = "writtenByIntent";

  /** The field of a batch's open intent listing the ids of the records it writes (ADR 34). */
  public static final String ENTRIES = "entries";

  /**
   * The field of a batch's open intent listing, beside {@link #ENTRIES}, the patient each record is
   * about, when the records are not patients themselves (clinical entries, ADR 40).
   */
  public static final String PATIENTS = "patients";

  /**
   * A record a batch wrote: its position in the batch, its id, the patient it is about (the record
   * itself for a patient), its digest (ADR 23).
   */
  public record Entry(int index, String id, String patientId, org.bson.Document seal) {
    /** A patient the batch registered. */
    public Entry(int index, String id, org.bson.Document seal) {
      this(index, id, id, seal);
    }
  }

  /**
   * The write of the batch's patient {@code index}, {@code id}: {@link #entry(int, String,
   * String)}.
   */
  public WriteIntent entry(int index, String id) {
    return entry(index, id, id);
  }

  /**
   * The write of the batch's record {@code index}, {@code id}, about patient {@code patientId}: the
   * record carries this intent's id as its stamp, its outcome event names both.
   */
  public WriteIntent entry(int index, String id, String patientId) {
    return new WriteIntent(
        this.id + "/" + index,
        caller,
        permission,
        action,
        id,
        patientId,
        operation,
        emergencyId,
        emits);
  }

  /** The field of a platform record listing the intents applied to it, newest last. */
  public static final String APPLIED = TenantCollections.APPLIED;

  /**
   * How many applied intents a platform record keeps: reconciliation runs a minute after a crash,
   * so the newest few suffice even when administrators change the same record meanwhile.
   */
  static final int APPLIED_KEPT = 32;

  /** The stored open intent: how to tell whether version {@code version} of it was written. */
  org.bson.Document openIntent(StoredCollection collection, String idField, long version) {
    return new org.bson.Document("_id", id)
        .append("tenantId", caller.tenant().map(Object::toString).orElse(null))
        .append("collection", collection.name())
        .append("idField", idField)
        .append("id", resourceId)
        .append("version", version)
        .append("permission", permission.name())
        .append("action", action.name())
        .append("patientId", patientId)
        .append("operation", operation)
        .append(AuditDocuments.EMERGENCY, emergencyId)
        .append(EMITS, emits == null ? null : IntegrationParts.declared(emits))
        .append("createdAt", new java.util.Date());
  }

  /** The field of an open intent holding its {@link Emits}. */
  static final String EMITS = "emits";

  /** The update that marks a platform record as changed by this intent (in the same write). */
  public Bson appliedMark() {
    return Updates.pushEach(APPLIED, List.of(id), new PushOptions().slice(-APPLIED_KEPT));
  }

  /**
   * Claims this intent in {@code intents} for its request, so that the reconciler does not also
   * conclude it; 503 if that fails, or if the reconciler took it first (the request ran for over a
   * minute: its outcome, proven from the store, is the record, and the request is not
   * acknowledged).
   */
  void claim(com.mongodb.client.MongoCollection<org.bson.Document> intents) {
    org.bson.Document claimed;
    try {
      claimed =
          intents.findOneAndUpdate(
              com.mongodb.client.model.Filters.and(
                  com.mongodb.client.model.Filters.eq("_id", id),
                  com.mongodb.client.model.Filters.exists("claimedAt", false)),
              Updates.set("claimedAt", new java.util.Date()));
    } catch (com.mongodb.MongoException e) {
      throw new org.phirecords.error.AuditUnavailableException(e);
    }
    if (claimed == null) {
      throw new org.phirecords.error.AuditUnavailableException(
          new com.mongodb.MongoException("write intent taken over"));
    }
  }
}
