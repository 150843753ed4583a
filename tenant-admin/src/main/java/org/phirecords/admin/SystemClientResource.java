package org.phirecords.admin;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
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
import org.phirecords.admin.body.ScopeRow;
import org.phirecords.admin.body.SystemClientsInput;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.SystemClient;
import org.phirecords.model.SystemClients;
import org.phirecords.security.Permission;
import org.phirecords.service.SystemClientRegistry;

/** A tenant admin's system clients and scope table (ADR 39). */
@ApplicationScoped
@Path("/settings/system-clients")
@Tag(name = "settings", description = "Settings of the caller's own tenant (tenant admins)")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class SystemClientResource {
  private static final String SCHEMA = "SystemClients";

  @Inject SystemClientRegistry registry;
  @Inject RecordsConfig config;

  @GET
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.READ)
  @Operation(
      summary =
          "The system clients that may call with client-credentials tokens, their scopes, and the"
              + " scope table (the tenant's rows and the table in force)")
  @APIResponse(
      responseCode = "200",
      description = "The clients and rows in force",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  public JsonObject systemClients() {
    return write(registry.systemClients());
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(summary = "Replace the system clients and the tenant's own rows of the scope table")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = "application/json", schema = @Schema(ref = "SystemClientsInput")))
  @APIResponse(
      responseCode = "200",
      description = "The clients and rows now in force",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = SCHEMA)))
  public JsonObject updateSystemClients(InputStream body) {
    SystemClientsInput in = Bodies.read(body, config.maxBodyBytes(), SystemClientsInput.class);
    List<SystemClient> clients =
        in.clients().stream()
            .map(c -> new SystemClient(c.clientId(), c.subject(), c.scopes(), c.organisations()))
            .toList();
    Map<String, Set<Permission>> rows = new LinkedHashMap<>();
    for (ScopeRow row : in.scopeTable() == null ? List.<ScopeRow>of() : in.scopeTable()) {
      Set<Permission> permissions = EnumSet.noneOf(Permission.class);
      row.permissions().forEach(p -> permissions.add(Permission.valueOf(p)));
      rows.put(row.row(), permissions);
    }
    return write(
        registry.updateSystemClients(
            new SystemClients(clients, rows, Map.of(), in.tokenEndpoint())));
  }

  private static JsonObject write(SystemClients s) {
    JsonArrayBuilder clients = JSON.createArrayBuilder();
    for (SystemClient c : s.clients()) {
      clients.add(
          JSON.createObjectBuilder()
              .add("clientId", c.clientId())
              .add("subject", c.subject())
              .add("scopes", JSON.createArrayBuilder(c.scopes()))
              .add("organisations", JSON.createArrayBuilder(c.organisations())));
    }
    JsonObjectBuilder out =
        JSON.createObjectBuilder()
            .add("clients", clients)
            .add("scopeTable", rows(s.scopeTable()))
            .add("table", rows(s.table()));
    if (s.tokenEndpoint() != null) {
      out.add("tokenEndpoint", s.tokenEndpoint());
    }
    return out.build();
  }

  private static JsonArrayBuilder rows(Map<String, Set<Permission>> rows) {
    JsonArrayBuilder out = JSON.createArrayBuilder();
    rows.forEach(
        (row, permissions) -> {
          JsonObjectBuilder r =
              JSON.createObjectBuilder()
                  .add("row", row)
                  .add(
                      "permissions",
                      JSON.createArrayBuilder(
                          permissions.stream().map(Enum::name).sorted().toList()));
          out.add(r);
        });
    return out;
  }
}
