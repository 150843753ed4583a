package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.PageJson;
import org.phirecords.internal.web.PageParams;
import org.phirecords.model.AccessRecord;
import org.phirecords.model.PatientId;
import org.phirecords.service.PatientRights;

/** Who accessed a patient's record (accounting of disclosures, HIPAA 164.528). */
@ApplicationScoped
@Path("/patients/{patientId}/access-history")
@Tag(name = "patient rights", description = "Access history, electronic copy, amendments")
@Produces(MediaType.APPLICATION_JSON)
public class AccessHistoryResource {
  @Inject PatientRights rights;

  @GET
  @AuditedAs(resource = ResourceType.AUDIT_TRAIL, action = AuditAction.READ)
  @Operation(summary = "Accesses by others, newest first (patient, own record); paged")
  @APIResponse(
      responseCode = "200",
      description = "A page of accesses; next is present when more exist",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "AccessHistory")))
  public JsonObject history(
      @PathParam("patientId") String patientId, @BeanParam PageParams paging) {
    return PageJson.of(
        rights.accessHistory(new PatientId(patientId), paging.request()),
        AccessHistoryResource::write);
  }

  private static JsonObject write(AccessRecord a) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("at", a.at().toString())
            .add("role", a.role())
            .add("organisation", a.organisation())
            .add("purposeOfUse", a.purposeOfUse().name())
            .add("action", a.action().name().toLowerCase(Locale.ROOT))
            .add("resource", a.resource().name().toLowerCase(Locale.ROOT).replace('_', ' '));
    if (a.actor() != null) {
      b.add("actor", a.actor());
    }
    return b.build();
  }
}
