package org.phirecords.admin;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.SensitiveClearances;
import org.phirecords.model.Sensitivity;
import org.phirecords.security.Role;
import org.phirecords.service.TenantSettings;

/** A tenant admin's clearances of roles for sensitive categories of entries (ADR 26). */
@ApplicationScoped
@Path("/settings/sensitive-clearances")
@Tag(name = "settings", description = "Settings of the caller's own tenant (tenant admins)")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class ClearancesResource {
  private static final String SCHEMA = "SensitiveClearances";

  @Inject TenantSettings settings;
  @Inject RecordsConfig config;

  @GET
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.READ)
  @Operation(summary = "Sensitive categories each role is cleared for")
  @APIResponse(
      responseCode = "200",
      description = "The clearances in force",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  public JsonObject clearances() {
    return write(settings.sensitiveClearances());
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(summary = "Replace the clearances of physicians and billing")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  @APIResponse(
      responseCode = "200",
      description = "The clearances now in force",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  @APIResponse(
      responseCode = "404",
      description = "PHR-404-02: an organisation named is not the tenant's",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject updateClearances(InputStream body) {
    var in =
        Bodies.read(
            body, config.maxBodyBytes(), org.phirecords.admin.body.SensitiveClearances.class);
    Map<OrganisationId, Map<Role, Set<Sensitivity>>> at = new LinkedHashMap<>();
    if (in.organisations() != null) {
      in.organisations()
          .forEach(
              o -> at.put(new OrganisationId(o.organisation()), roles(o.physician(), o.billing())));
    }
    return write(
        settings.updateSensitiveClearances(
            new SensitiveClearances(roles(in.physician(), in.billing()), at)));
  }

  private static Map<Role, Set<Sensitivity>> roles(List<String> physician, List<String> billing) {
    Map<Role, Set<Sensitivity>> cleared = new EnumMap<>(Role.class);
    cleared.put(Role.PHYSICIAN, categories(physician));
    cleared.put(Role.BILLING, categories(billing));
    return cleared;
  }

  private static Set<Sensitivity> categories(List<String> names) {
    return Set.copyOf(names.stream().map(Sensitivity::valueOf).toList());
  }

  private static JsonObject write(SensitiveClearances c) {
    var organisations = JSON.createArrayBuilder();
    c.atOrganisations().entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(OrganisationId::value)))
        .forEach(
            e ->
                organisations.add(
                    JSON.createObjectBuilder()
                        .add("organisation", e.getKey().value())
                        .add("physician", names(e.getValue(), Role.PHYSICIAN))
                        .add("billing", names(e.getValue(), Role.BILLING))));
    return JSON.createObjectBuilder()
        .add("physician", names(c.cleared(), Role.PHYSICIAN))
        .add("billing", names(c.cleared(), Role.BILLING))
        .add("organisations", organisations)
        .build();
  }

  private static jakarta.json.JsonArray names(Map<Role, Set<Sensitivity>> c, Role role) {
    return JSON.createArrayBuilder(
            c.getOrDefault(role, Set.of()).stream().sorted().map(Enum::name).toList())
        .build();
  }
}
