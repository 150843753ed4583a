package org.phirecords.peer;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import jakarta.annotation.Nonnull;
import org.hl7.fhir.r4.model.Reference;

/** Who acted, for BALP: the verified token's subject; the client is the benchmark's load driver. */
final class TokenAuditContext implements IBalpAuditContextServices {
  @Nonnull
  @Override
  public Reference getAgentClientWho(RequestDetails request) {
    return new Reference().setDisplay("phi-records-bench");
  }

  @Nonnull
  @Override
  public Reference getAgentUserWho(RequestDetails request) {
    Object subject = request.getUserData().get(TokenAuthorization.SUBJECT);
    return new Reference()
        .setIdentifier(
            new org.hl7.fhir.r4.model.Identifier()
                .setSystem("urn:phi-records:subject")
                .setValue(subject == null ? "unknown" : subject.toString()));
  }
}
