package org.phirecords.model;

/**
 * An amendment request that stays attached to the entry it disputes: one still waiting for a
 * decision, or one denied (HIPAA 164.526(d)(4): the request, the denial and any statement of
 * disagreement go with every later disclosure of the entry). Readers of the entry see it without
 * the entry's content changing.
 *
 * @param id the request
 * @param status {@link AmendmentStatus#REQUESTED} or {@link AmendmentStatus#DENIED}
 * @param disagreementFiled whether the patient filed a statement of disagreement
 * @param disagreement the statement's text, only for callers who may read amendment requests (the
 *     patient, physicians); null otherwise or if none was filed
 */
public record EntryAmendment(
    AmendmentId id, AmendmentStatus status, boolean disagreementFiled, String disagreement) {
  @Override
  public String toString() {
    return "EntryAmendment[id=" + id + ", status=" + status + "]";
  }
}
