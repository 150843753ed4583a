package org.phirecords.internal.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.audit.AuditTrail;
import org.phirecords.internal.security.CurrentCaller;
import org.phirecords.security.Permission;
import org.phirecords.security.RequiresPermission;
import org.phirecords.service.KeyAdministration;

/** {@link KeyAdministration} over the key vault of {@link FieldCipher}. */
@ApplicationScoped
public class MongoKeyAdministration implements KeyAdministration {
  private CurrentCaller callers;
  private FieldCipher cipher;
  private AuditTrail audit;

  /** For CDI. */
  protected MongoKeyAdministration() {}

  /** Key administration. */
  @Inject
  public MongoKeyAdministration(CurrentCaller callers, FieldCipher cipher, AuditTrail audit) {
    this.callers = callers;
    this.cipher = cipher;
    this.audit = audit;
  }

  @Override
  @RequiresPermission(Permission.TENANT_MANAGE)
  public long rewrapDataKeys() {
    var caller = callers.require();
    long rewrapped = cipher.rewrapAll();
    audit.record(
        caller,
        AuditAction.UPDATE,
        ResourceType.TENANT,
        "data-keys",
        null,
        AuditOutcome.SUCCESS,
        "KeyAdministration.rewrapDataKeys",
        (int) Math.min(Integer.MAX_VALUE, rewrapped));
    return rewrapped;
  }
}
