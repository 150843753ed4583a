package org.phirecords.service;

import java.util.List;
import org.phirecords.model.PatientId;
import org.phirecords.model.ProxyGrant;
import org.phirecords.model.ProxyGrantId;
import org.phirecords.model.ProxyGrantRequest;

/**
 * Personal representatives (45 CFR 164.502(g); ADR 46): a parent of a minor, a guardian, or a
 * caregiver an adult patient authorises, who signs in with their own identity and acts for the
 * patient, naming them in each request. Physicians grant and revoke every kind; an adult patient
 * grants and revokes caregivers of their own record. Every grant, revocation and access is audited.
 */
public interface PersonalRepresentatives {
  /** Most grants in force or waiting to start a patient may have. */
  int MAX_GRANTS_PER_PATIENT = 20;

  /** Staff: grants {@code request} for {@code patient}. */
  ProxyGrant grant(PatientId patient, ProxyGrantRequest request);

  /** Staff: revokes grant {@code id} of {@code patient} now; a revoked one is answered as it is. */
  ProxyGrant revoke(PatientId patient, ProxyGrantId id);

  /** Staff: the grants of {@code patient} not revoked, expired ones included, oldest first. */
  List<ProxyGrant> grants(PatientId patient);

  /** The signed-in adult patient: grants a caregiver access to their own record. */
  ProxyGrant grantCaregiver(ProxyGrantRequest request);

  /** The signed-in patient: revokes caregiver grant {@code id} of their own record. */
  ProxyGrant revokeCaregiver(ProxyGrantId id);

  /** The signed-in patient: the grants of their own record not revoked. */
  List<ProxyGrant> ownGrants();

  /**
   * The signed-in user as a representative: the grants in force now that let them act for someone
   * (expired, revoked, not yet started and past the age of majority left out).
   */
  List<ProxyGrant> representing();
}
