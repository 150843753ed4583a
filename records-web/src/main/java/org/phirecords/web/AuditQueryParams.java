package org.phirecords.web;

import jakarta.ws.rs.QueryParam;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.AuditOutcome;
import org.phirecords.audit.AuditQuery;
import org.phirecords.model.PatientId;

/** The query parameters that select audit events, shared by listing and export (paged apart). */
public class AuditQueryParams {
  @QueryParam("patientId")
  String patientId;

  @QueryParam("subject")
  String subject;

  @QueryParam("action")
  String action;

  @QueryParam("outcome")
  String outcome;

  @QueryParam("from")
  String from;

  @QueryParam("to")
  String to;

  /** The validated query; malformed parameters are 400 problems. */
  AuditQuery query() {
    return new AuditQuery(
        patientId == null ? null : new PatientId(patientId).value(),
        subject == null ? null : AuditResource.bounded("subject", subject),
        action == null ? null : AuditResource.parse(AuditAction.class, "action", action),
        outcome == null ? null : AuditResource.parse(AuditOutcome.class, "outcome", outcome),
        AuditResource.instant("from", from),
        AuditResource.instant("to", to));
  }
}
