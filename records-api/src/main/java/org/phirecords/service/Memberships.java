package org.phirecords.service;

import java.time.Instant;
import java.util.Optional;
import org.phirecords.model.Membership;
import org.phirecords.model.MembershipId;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;
import org.phirecords.model.PatientId;

/**
 * Patients' memberships of organisations over effective periods (ADR 25). Physicians add and end
 * them ({@code MEMBERSHIP_WRITE}) and read them ({@code MEMBERSHIP_READ}), patients read their own;
 * each access is audited like other PHI, writes announced before they happen.
 */
public interface Memberships {
  /**
   * Makes {@code patient} a member of {@code organisation} from {@code start} until {@code end}
   * (empty: open-ended). An end before the start is {@code PHR-400-09}; an unknown organisation
   * {@code PHR-404-02}; one that is suspended or closed (itself or above) {@code PHR-409-13}.
   */
  Membership add(
      PatientId patient,
      OrganisationId organisation,
      Instant start,
      Optional<Instant> end,
      Optional<String> memberId);

  /**
   * Ends membership {@code id} of {@code patient} at {@code end}. A membership that already ended
   * at or before {@code end} is answered as it is; an end before its start is {@code PHR-400-09}.
   */
  Membership end(PatientId patient, MembershipId id, Instant end);

  /** The memberships of {@code patient}, past, present and future, paged (ADR 19). */
  Page<Membership> list(PatientId patient, PageRequest request);
}
