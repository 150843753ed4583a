package org.phirecords.service;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.phirecords.model.DeclarationId;
import org.phirecords.model.EmergencyDeclaration;
import org.phirecords.model.EmergencyReason;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientId;
import org.phirecords.security.EmergencyContext;

/**
 * Break-glass emergency access (ADR 28): a declaration opens one patient to its declarer for a
 * time; every access under it is audited with purpose {@code ETREAT} and the declaration's id; the
 * privacy officer reviews each declaration.
 */
public interface BreakGlass {
  /**
   * Declares an emergency for {@code patient} (needs {@code EMERGENCY_DECLARE}); an announced
   * write. Refused with {@code PHR-403-10} when the tenant disabled break-glass, {@code PHR-403-11}
   * for a role the tenant does not let declare, {@code PHR-400-13} without a reason or a
   * justification of 1 to 2000 characters; 404 for a patient the tenant does not hold.
   *
   * @param minutes how long; empty: the tenant's default; at most the tenant's maximum
   */
  EmergencyDeclaration declare(
      PatientId patient, EmergencyReason reason, String justification, Optional<Integer> minutes);

  /** The declarations not reviewed yet, oldest first (needs {@code EMERGENCY_REVIEW}); paged. */
  Page<EmergencyDeclaration> unreviewed(PageRequest page);

  /**
   * Marks declaration {@code id} as reviewed and appropriate; {@code PHR-409-16} if it was already
   * reviewed, 404 if there is none.
   */
  EmergencyDeclaration acknowledge(DeclarationId id);

  /**
   * Flags declaration {@code id} as inappropriate with {@code note} (1 to 2000 characters, stored
   * encrypted); {@code PHR-409-16} if it was already reviewed, 404 if there is none.
   */
  EmergencyDeclaration flag(DeclarationId id, String note);

  /**
   * Runs {@code body}, whose service calls then run under declaration {@code id} (the embedder's
   * counterpart of records-web's {@code Phi-Emergency-Access} header).
   */
  static <T> T under(DeclarationId id, Callable<T> body) throws Exception {
    return EmergencyContext.under(id.value(), body);
  }
}
