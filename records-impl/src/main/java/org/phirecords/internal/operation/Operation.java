package org.phirecords.internal.operation;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.NotFoundException;
import org.phirecords.integration.IntegrationEventType;
import org.phirecords.internal.audit.trail.AuditTrail;
import org.phirecords.internal.audit.trail.WriteIntent;
import org.phirecords.internal.integrity.RecordSeals;
import org.phirecords.internal.security.CallerAccess;
import org.phirecords.internal.security.EmergencyAccess;
import org.phirecords.internal.store.Reach;
import org.phirecords.internal.store.StoredCollection;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.internal.store.TenantScopedCollection;
import org.phirecords.model.PatientId;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;

/**
 * One authorized service operation: who called, with which permission, under which name it is
 * audited, the store handles scoped to that caller, and its audit events. Opened by the
 * authorization interceptor once the caller passed the checks ({@link Operations#current()});
 * services take everything from it instead of threading caller, permission and names by hand.
 */
public final class Operation {
  private final Caller caller;
  private final Permission permission;
  private final String name;
  private final TenantCollections collections;
  private final AuditTrail audit;
  private final CallerAccess access;
  private final Optional<EmergencyAccess> emergency;
  private final Map<Permission, Reach> reaches = new EnumMap<>(Permission.class);
  private List<PatientId> alsoOwned = List.of();
  private IntegrationEventType emitting;
  private String related;

  Operation(
      Caller caller,
      Permission permission,
      String name,
      TenantCollections collections,
      AuditTrail audit,
      CallerAccess access,
      Optional<EmergencyAccess> emergency) {
    this.caller = caller;
    this.permission = permission;
    this.name = name;
    this.collections = collections;
    this.audit = audit;
    this.access = access;
    this.emergency = emergency;
  }

  /**
   * How far {@code p} reaches below the tenant for this operation (ADR 27), with the patient of its
   * break-glass declaration opened to reads, and to writes where the declaration allows (ADR 28).
   */
  public Reach reach(Permission p) {
    return reaches.computeIfAbsent(
        p,
        q -> {
          Reach base = access.reach(q);
          boolean read = q.action() == AuditAction.READ || q.action() == AuditAction.EXPORT;
          return emergency
              .filter(e -> read || e.writes())
              .map(e -> base.opening(e.patient()))
              .orElse(base);
        });
  }

  /**
   * This operation with {@code p} reaching {@code narrower} only: a bulk export of a group, within
   * the caller's reach (ADR 38).
   */
  public Operation reaching(Permission p, Reach narrower) {
    Operation copy = new Operation(caller, permission, name, collections, audit, access, emergency);
    copy.reaches.put(p, narrower);
    copy.alsoOwned = alsoOwned;
    return copy;
  }

  /**
   * This operation, a patient user's handles also reaching {@code merged}: the registrations merged
   * into their record (ADR 42).
   */
  Operation owning(List<PatientId> merged) {
    alsoOwned = List.copyOf(merged);
    return this;
  }

  /** Where the caller's roles hold (ADR 27), as the interceptor resolved it. */
  public CallerAccess access() {
    return access;
  }

  /** The break-glass declaration the operation runs under, if any (ADR 28). */
  public Optional<EmergencyAccess> emergency() {
    return emergency;
  }

  private String emergencyId() {
    return emergency.map(EmergencyAccess::declarationId).orElse(null);
  }

  /** The verified caller. */
  public Caller caller() {
    return caller;
  }

  /** The permission the operation was authorized for. */
  public Permission permission() {
    return permission;
  }

  /** The name it is audited under, {@code Interface.method}. */
  public String name() {
    return name;
  }

  /** The same operation audited under {@code other} (an internal step of a public one). */
  public Operation named(String other) {
    Operation named =
        new Operation(caller, permission, other, collections, audit, access, emergency);
    named.emitting = emitting;
    named.related = related;
    named.alsoOwned = alsoOwned;
    return named;
  }

  /**
   * The same operation, whose writes announced from here on declare the integration event {@code
   * type} (ADR 35): the record and patient of each write and its version; published once the write
   * succeeded and its outcome is durable, once, the reconciler's included.
   */
  public Operation emitting(IntegrationEventType type) {
    return emitting(type, null);
  }

  /** As above, naming the other patient of a merge or its undo ({@code relatedPatientId}). */
  public Operation emitting(IntegrationEventType type, String relatedPatientId) {
    Operation declaring = named(name);
    declaring.emitting = type;
    declaring.related = relatedPatientId;
    return declaring;
  }

  private WriteIntent.Emits emits(long version) {
    return emitting == null ? null : new WriteIntent.Emits(emitting, version, related);
  }

  private WriteIntent announce(
      AuditAction action,
      StoredCollection collection,
      String idField,
      String id,
      String patientId,
      long version) {
    WriteIntent intent =
        new WriteIntent(
            java.util.UUID.randomUUID().toString(),
            caller,
            permission,
            action,
            id,
            patientId,
            name,
            emergencyId(),
            emits(version));
    return audit.intend(intent, collection, idField, version);
  }

  /** {@code collection} scoped to the caller's tenant (and own record) for the permission. */
  public TenantScopedCollection handle(StoredCollection collection) {
    return handle(collection, permission);
  }

  /** {@code collection} scoped to the caller for {@code other}, a narrower permission held too. */
  public TenantScopedCollection handle(StoredCollection collection, Permission other) {
    return collections.forCaller(collection, caller, other, reach(other), alsoOwned, false);
  }

  /**
   * As {@link #handle(StoredCollection)}, reading only what a majority committed (read concern
   * majority): for the integration event cursor (ADR 35), whose consumers must never see an event a
   * failover could roll back and a later event reuse the position of. Other reads need not wait.
   */
  public TenantScopedCollection majorityCommitted(StoredCollection collection) {
    return collections.forCaller(
        collection, caller, permission, reach(permission), alsoOwned, true);
  }

  /**
   * Records the outcome durably (returns once journaled, else 503): the permission's action and
   * resource type, the resource and patient ids (never values), and how many records it concerned.
   */
  public void record(AuditOutcome outcome, String resourceId, String patientId, int count) {
    audit.record(
        caller,
        permission.action(),
        permission.resourceType(),
        resourceId,
        patientId,
        outcome,
        name,
        count,
        emergencyId());
  }

  /** Records an outcome whose action or resource type is not the permission's own. */
  public void record(
      AuditAction action,
      ResourceType resourceType,
      AuditOutcome outcome,
      String resourceId,
      String patientId,
      int count) {
    audit.record(
        caller, action, resourceType, resourceId, patientId, outcome, name, count, emergencyId());
  }

  /** Records that {@code resourceId} of {@code patientId} was not found; the 404 to throw. */
  public NotFoundException notFound(String resourceId, String patientId) {
    record(AuditOutcome.NOT_FOUND, resourceId, patientId, 0);
    return new NotFoundException();
  }

  /**
   * Announces a write of version {@code version} of {@code id} in {@code collection} before it
   * happens (ADR 3); stamp the written document with the intent's id, then {@link #conclude}.
   */
  public WriteIntent intend(
      StoredCollection collection, String idField, String id, String patientId, long version) {
    return announce(permission.action(), collection, idField, id, patientId, version);
  }

  /**
   * Announces a write of version {@code version} of {@code id} audited as {@code action} (a create
   * or a status change named as such, not the permission's own action); then as above.
   */
  public WriteIntent intend(
      AuditAction action,
      StoredCollection collection,
      String idField,
      String id,
      String patientId,
      long version) {
    return announce(action, collection, idField, id, patientId, version);
  }

  /**
   * Announces {@code action} on the platform record {@code id} of {@code collection} (a tenant's
   * registry entry, key administration) before it happens; the change carries {@link
   * WriteIntent#appliedMark()}, then {@link #conclude}.
   */
  public WriteIntent intend(AuditAction action, StoredCollection collection, String id) {
    return announce(action, collection, "_id", id, null, 0);
  }

  /**
   * Announces a batch of new records {@code ids} of {@code collection} ({@code idField}, version 1)
   * about {@code patients} (null: the records are patients) before they are written (ADR 34, 40);
   * stamp record {@code i} with {@code entry(i, ...)}'s id, then {@link AuditTrail#concludeBatch}.
   */
  public WriteIntent intendBatch(
      StoredCollection collection, String idField, List<String> ids, List<String> patients) {
    WriteIntent batch =
        new WriteIntent(
            java.util.UUID.randomUUID().toString(),
            caller,
            permission,
            permission.action(),
            null,
            null,
            name,
            emergencyId(),
            emits(1L));
    return audit.intendBatch(batch, collection, idField, ids, patients);
  }

  /**
   * Records how an announced batch ended: the records {@code written}, how many {@code refused}.
   */
  public void concludeBatch(WriteIntent batch, List<WriteIntent.Entry> written, int refused) {
    audit.concludeBatch(batch, written, refused);
  }

  /** Records how an announced write ended. */
  public void conclude(WriteIntent intent, AuditOutcome outcome, int count) {
    audit.conclude(intent, outcome, count);
  }

  /** Records that an announced write stored a record sealed with {@code seal} (ADR 23). */
  public void conclude(WriteIntent intent, AuditOutcome outcome, int count, Document seal) {
    audit.conclude(intent, outcome, count, seal);
  }

  /** The seals of stored records (ADR 23). */
  public RecordSeals seals() {
    return audit.recordSeals();
  }
}
