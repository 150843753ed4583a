package org.phirecords.admin;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.EnumSet;
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
import org.phirecords.admin.body.AuditRetention;
import org.phirecords.admin.body.GroupRoles;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.AlertSettings;
import org.phirecords.model.GroupMapping;
import org.phirecords.model.MappingChange;
import org.phirecords.security.Role;
import org.phirecords.service.TenantSettings;

/** A tenant admin's settings of their own tenant (the tenant comes from the token). */
@ApplicationScoped
@Path("/settings")
@Tag(name = "settings", description = "Settings of the caller's own tenant (tenant admins)")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class SettingsResource {
  @Inject TenantSettings settings;
  @Inject RecordsConfig config;

  @GET
  @Path("alerts")
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.READ)
  @Operation(summary = "Anomaly alert thresholds and working hours of the tenant")
  @APIResponse(
      responseCode = "200",
      description = "The settings",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "AlertSettings")))
  public JsonObject alerts() {
    return write(settings.alerts());
  }

  @PUT
  @Path("alerts")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(summary = "Replace the alert settings (bounds enforced)")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "AlertSettings")))
  @APIResponse(
      responseCode = "200",
      description = "The settings now in force",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "AlertSettings")))
  public JsonObject updateAlerts(InputStream body) {
    var in =
        Bodies.read(body, config.maxBodyBytes(), org.phirecords.admin.body.AlertSettings.class);
    return write(
        settings.updateAlerts(
            new AlertSettings(
                in.windowMinutes(),
                in.distinctPatients(),
                in.denials(),
                in.workingHours(),
                in.zone() == null ? "UTC" : in.zone())));
  }

  @GET
  @Path("group-mapping")
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.READ)
  @Operation(summary = "How the groups of the tenant's identity provider map to roles")
  @APIResponse(
      responseCode = "200",
      description = "The mapping",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "GroupMapping")))
  public JsonObject groupMapping() {
    return write(settings.groupMapping());
  }

  @PUT
  @Path("group-mapping")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(
      summary =
          "Replace the group mapping: {\"groups\": [{\"group\": ..., \"roles\": [...]}]}."
              + " Refused: platform-admin, an admin role with a PHI role, billing with physician")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "GroupMapping")))
  @APIResponse(
      responseCode = "200",
      description =
          "The mapping now in force. A group that is to gain physician, billing or patient keeps"
              + " its roles until another administrator approves the pending change"
              + " (GET group-mapping/changes)",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "GroupMapping")))
  @APIResponse(
      responseCode = "400",
      description = "Out of bounds",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "403",
      description =
          "Not a tenant admin, or a group the caller belongs to would gain a role that reads"
              + " PHI (PHR-403-08)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject updateGroupMapping(InputStream body) {
    var in = Bodies.read(body, config.maxBodyBytes(), org.phirecords.admin.body.GroupMapping.class);
    Map<String, Set<Role>> groups = new LinkedHashMap<>();
    for (GroupRoles g : in.groups() == null ? List.<GroupRoles>of() : in.groups()) {
      Set<Role> roles = EnumSet.noneOf(Role.class);
      if (g.roles() != null) {
        g.roles().forEach(name -> roles.add(Role.fromGroup(name).orElseThrow()));
      }
      groups.put(g.group(), roles);
    }
    return write(settings.updateGroupMapping(new GroupMapping(groups)));
  }

  @GET
  @Path("group-mapping/changes")
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.READ)
  @Operation(summary = "Group-mapping changes that grant a PHI role and wait for approval")
  @APIResponse(
      responseCode = "200",
      description = "The pending changes, oldest first",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "MappingChanges")))
  public JsonObject mappingChanges() {
    JsonArrayBuilder items = JSON.createArrayBuilder();
    settings.mappingChanges().forEach(c -> items.add(write(c)));
    return JSON.createObjectBuilder().add("items", items).build();
  }

  @POST
  @Path("group-mapping/changes/{id}/approval")
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(
      summary =
          "Approve a pending change, by another administrator than its requester: it takes"
              + " effect")
  @APIResponse(
      responseCode = "200",
      description = "The mapping now in force",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "GroupMapping")))
  @APIResponse(
      responseCode = "403",
      description =
          "Not a tenant admin, the requester's own approval (PHR-403-07), or the caller belongs"
              + " to the group (PHR-403-08)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "Replaced by a newer request, withdrawn, approved or expired (PHR-409-08)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject approveMappingChange(@PathParam("id") String id) {
    return write(settings.approveMappingChange(id));
  }

  @DELETE
  @Path("group-mapping/changes/{id}")
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(summary = "Withdraw (the requester) or reject (another administrator) a change")
  @APIResponse(
      responseCode = "200",
      description = "Removed; the mapping in force, unchanged",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "GroupMapping")))
  @APIResponse(
      responseCode = "409",
      description = "Replaced by a newer request, withdrawn, approved or expired (PHR-409-08)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject withdrawMappingChange(@PathParam("id") String id) {
    return write(settings.withdrawMappingChange(id));
  }

  @GET
  @Path("audit-retention")
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.READ)
  @Operation(summary = "Years the tenant's audit trail is kept")
  @APIResponse(
      responseCode = "200",
      description = "{\"years\": n}",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "AuditRetention")))
  public JsonObject auditRetention() {
    return JSON.createObjectBuilder().add("years", settings.auditRetentionYears()).build();
  }

  @PUT
  @Path("audit-retention")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(summary = "Set the audit retention in years (6 to 100)")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "AuditRetention")))
  @APIResponse(
      responseCode = "200",
      description = "The retention now in force",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "AuditRetention")))
  public JsonObject updateAuditRetention(InputStream body) {
    var in = Bodies.read(body, config.maxBodyBytes(), AuditRetention.class);
    return JSON.createObjectBuilder()
        .add("years", settings.updateAuditRetentionYears(in.years()))
        .build();
  }

  private static JsonObject write(GroupMapping mapping) {
    JsonArrayBuilder groups = JSON.createArrayBuilder();
    mapping
        .groups()
        .forEach(
            (group, roles) -> {
              JsonArrayBuilder names = JSON.createArrayBuilder();
              roles.stream().sorted().forEach(r -> names.add(r.groupName()));
              groups.add(JSON.createObjectBuilder().add("group", group).add("roles", names));
            });
    return JSON.createObjectBuilder().add("groups", groups).build();
  }

  private static JsonObject write(MappingChange c) {
    JsonArrayBuilder roles = JSON.createArrayBuilder();
    c.roles().stream().sorted().forEach(r -> roles.add(r.groupName()));
    return JSON.createObjectBuilder()
        .add("id", c.id())
        .add("group", c.group())
        .add("roles", roles)
        .add("requestedBy", c.requestedBy())
        .add("requestedAt", c.requestedAt().toString())
        .add("expiresAt", c.expiresAt().toString())
        .build();
  }

  private static JsonObject write(AlertSettings s) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("windowMinutes", s.windowMinutes())
            .add("distinctPatients", s.distinctPatients())
            .add("denials", s.denials())
            .add("zone", s.zone());
    if (s.workingHours() != null) {
      b.add("workingHours", s.workingHours());
    }
    return b.build();
  }
}
