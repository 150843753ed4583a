package org.phirecords.service;

import java.util.List;
import org.phirecords.model.CareTeamMember;
import org.phirecords.model.CareTeamMemberId;
import org.phirecords.model.PatientId;

/**
 * Patients' care teams (ADR 30): the staff who treat a patient. Where the tenant turns care teams
 * on, a physician reaches only the patients whose teams they are on, within their organisations.
 * Physicians read and change teams of patients they reach; each access is audited like other PHI,
 * writes announced before they happen.
 */
public interface CareTeams {
  /** Most members a care team holds at once. */
  int MAX_MEMBERS = 50;

  /**
   * Puts {@code subject} on {@code patient}'s care team, or answers their place if they are on it
   * already. {@code PHR-409-17} when the team is full.
   */
  CareTeamMember add(PatientId patient, String subject);

  /** Ends place {@code id} on {@code patient}'s team now; an ended one is answered as it is. */
  CareTeamMember end(PatientId patient, CareTeamMemberId id);

  /** The current members of {@code patient}'s care team, oldest first. */
  List<CareTeamMember> members(PatientId patient);
}
