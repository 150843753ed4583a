package org.phirecords.internal.audit.trail;

import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Updates;
import java.util.List;
import org.bson.conversions.Bson;
import org.phirecords.audit.AuditAction;
import org.phirecords.internal.store.TenantCollections;
import org.phirecords.security.Caller;
import org.phirecords.security.Permission;

/**
 * A write announced in the audit trail, waiting for its outcome. A written version of tenant data
 * carries the intent id in {@link #STAMP}; a platform record (a tenant's registry entry, key
 * administration) keeps the ids of the last intents applied to it in {@link #APPLIED}. Either way
 * reconciliation can tell exactly whether the write took effect.
 */
public record WriteIntent(
    String id,
    Caller caller,
    Permission permission,
    AuditAction action,
    String resourceId,
    String patientId,
    String operation) {
  /** The field of a written document naming the intent that wrote it last. */
  public static final String STAMP = "writtenByIntent";

  /** The field of a platform record listing the intents applied to it, newest last. */
  public static final String APPLIED = TenantCollections.APPLIED;

  /**
   * How many applied intents a platform record keeps: reconciliation runs a minute after a crash,
   * so the newest few suffice even when administrators change the same record meanwhile.
   */
  static final int APPLIED_KEPT = 32;

  /** The update that marks a platform record as changed by this intent (in the same write). */
  public Bson appliedMark() {
    return Updates.pushEach(APPLIED, List.of(id), new PushOptions().slice(-APPLIED_KEPT));
  }
}
