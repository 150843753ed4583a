package org.phirecords.admin;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.NotFoundException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.JsonInput;
import org.phirecords.model.Tenant;
import org.phirecords.model.TenantId;
import org.phirecords.service.TenantRegistry;

/** Onboarding and lookup of tenants (platform-admin). */
@Path("/tenants")
@Tag(name = "tenants", description = "Tenant onboarding (platform administrators)")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {
  @Inject TenantRegistry tenants;
  @Inject RecordsConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.CREATE)
  @Operation(summary = "Onboard a tenant; idempotent for the same id")
  @RequestBody(required = true)
  @APIResponse(responseCode = "201", description = "The tenant")
  public Response create(InputStream body) {
    JsonInput in = JsonInput.read(body, config.maxBodyBytes(), Set.of("id", "displayName"));
    Tenant tenant =
        tenants.create(
            new TenantId(in.requiredString("id", 63)), in.requiredString("displayName", 200));
    return Response.created(UriBuilder.fromPath("tenants/{id}").build(tenant.id().value()))
        .entity(write(tenant))
        .build();
  }

  @GET
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.SEARCH)
  @Operation(summary = "All tenants")
  @APIResponse(responseCode = "200", description = "The tenants")
  public Response list() {
    JsonArrayBuilder a = Json.createArrayBuilder();
    tenants.list().forEach(t -> a.add(write(t)));
    return Response.ok(a.build()).build();
  }

  @GET
  @Path("{id}")
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.READ)
  @Operation(summary = "One tenant")
  @APIResponse(responseCode = "200", description = "The tenant")
  @APIResponse(responseCode = "404", description = "Unknown tenant")
  public JsonObject get(@PathParam("id") String id) {
    return write(tenants.find(new TenantId(id)).orElseThrow(NotFoundException::new));
  }

  private static JsonObject write(Tenant t) {
    return Json.createObjectBuilder()
        .add("id", t.id().value())
        .add("displayName", t.displayName())
        .add("status", t.status().name())
        .add("createdAt", t.createdAt().toString())
        .build();
  }
}
