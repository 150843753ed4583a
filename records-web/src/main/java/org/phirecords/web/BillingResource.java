package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.model.BillingSummary;
import org.phirecords.model.PatientId;
import org.phirecords.service.BillingRecords;

/** The minimum-necessary billing view. */
@ApplicationScoped
@Path("/billing/patients")
@Tag(name = "billing", description = "Minimum-necessary view for billing staff")
@Produces(MediaType.APPLICATION_JSON)
public class BillingResource {
  @Inject BillingRecords billing;

  @GET
  @Path("{patientId}")
  @AuditedAs(resource = ResourceType.BILLING_SUMMARY, action = AuditAction.READ)
  @Operation(summary = "Claim demographics and coded entries of a patient (billing)")
  @APIResponse(
      responseCode = "200",
      description = "The billing summary; no notes, SSN, contact",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  public jakarta.json.JsonObject summary(@PathParam("patientId") String patientId) {
    BillingSummary s = billing.summary(new PatientId(patientId));
    JsonArrayBuilder entries = JSON.createArrayBuilder();
    s.codedEntries().forEach(e -> entries.add(ClinicalJson.write(e)));
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("patientId", s.patientId().value())
            .add("givenName", s.givenName())
            .add("familyName", s.familyName())
            .add("birthDate", s.birthDate().toString());
    PatientJson.optional(b, "memberId", s.memberId());
    return b.add("codedEntries", entries).build();
  }
}
