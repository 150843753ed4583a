package org.phirecords.service;

import java.util.Optional;
import org.phirecords.model.Invitation;
import org.phirecords.model.PatientId;

/**
 * The module's links of patient users (issuer and subject) to their records (ADR 17): a patient
 * user reaches a record only through a link, never through a token claim. Staff invite; the patient
 * redeems the one-time code after signing in. Every step is audited, with ids only.
 */
public interface PatientLinks {
  /**
   * A one-time invitation code for {@code patient}, to be handed to the patient out of band; stored
   * hashed only, it expires after {@code records.portal.invitation-hours}. Needs {@code
   * PATIENT_LINK_MANAGE}.
   */
  Invitation invite(PatientId patient);

  /**
   * Links the calling patient user to the record the invitation {@code code} names, and uses the
   * code up; a wrong, expired or used code is refused with {@code PHR-403-06}, too many failures
   * with {@code PHR-429-02}. Needs {@code PATIENT_LINK_OWN}.
   */
  PatientId redeem(String code);

  /**
   * The record linked to the calling patient user, if any: the survivor if the linked registration
   * was merged into another (ADR 42). Needs {@code PATIENT_LINK_OWN}.
   */
  Optional<PatientId> ownLink();

  /**
   * Removes every link to {@code patient} and its unredeemed invitations; how many links were
   * removed. Needs {@code PATIENT_LINK_MANAGE}.
   */
  long unlink(PatientId patient);
}
