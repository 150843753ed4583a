package org.phirecords.admin;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.admin.body.IdentityProviderInput;
import org.phirecords.admin.body.OffboardingConfirmation;
import org.phirecords.admin.body.TenantInput;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.NotFoundException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.PageJson;
import org.phirecords.internal.web.PageParams;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.IdentityProvider;
import org.phirecords.model.OffboardingTicket;
import org.phirecords.model.Onboarding;
import org.phirecords.model.Tenant;
import org.phirecords.model.TenantId;
import org.phirecords.service.TenantLifecycle;
import org.phirecords.service.TenantRegistry;

/** Onboarding and lookup of tenants (platform-admin). */
@ApplicationScoped
@Path("/tenants")
@Tag(name = "tenants", description = "Tenant onboarding (platform administrators)")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {
  @Inject TenantRegistry tenants;
  @Inject TenantLifecycle lifecycle;
  @Inject RecordsConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.CREATE)
  @Operation(summary = "Onboard a tenant; idempotent for the same id")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "TenantInput")))
  @APIResponse(
      responseCode = "201",
      description = "The tenant",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Tenant")))
  public Response create(InputStream body) {
    TenantInput in = Bodies.read(body, config.maxBodyBytes(), TenantInput.class);
    IdentityProviderInput p = in.identityProvider();
    IdentityProvider idp =
        p == null
            ? null
            : new IdentityProvider(
                p.issuer(),
                p.publicKeyPem(),
                p.jwksUri() == null ? null : URI.create(p.jwksUri()),
                p.portalClientId());
    Tenant tenant =
        tenants.create(
            new Onboarding(
                new TenantId(in.id()),
                in.displayName(),
                in.contact(),
                in.residency(),
                in.firstAdmin(),
                idp));
    return Response.created(UriBuilder.fromPath("tenants/{id}").build(tenant.id().value()))
        .entity(write(tenant))
        .build();
  }

  @GET
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.SEARCH)
  @Operation(summary = "The tenants by id; paged")
  @APIResponse(
      responseCode = "200",
      description = "A page of tenants; next is present when more exist",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Tenants")))
  public JsonObject list(@BeanParam PageParams paging) {
    return PageJson.of(tenants.list(paging.request()), TenantResource::write);
  }

  @GET
  @Path("{id}")
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.READ)
  @Operation(summary = "One tenant")
  @APIResponse(
      responseCode = "200",
      description = "The tenant",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Tenant")))
  @APIResponse(
      responseCode = "404",
      description = "Unknown tenant",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject get(@PathParam("id") String id) {
    return write(tenants.find(new TenantId(id)).orElseThrow(NotFoundException::new));
  }

  @POST
  @Path("{id}/suspend")
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(summary = "Suspend a tenant: its users are refused, its data kept")
  @APIResponse(
      responseCode = "200",
      description = "The tenant",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Tenant")))
  @APIResponse(
      responseCode = "409",
      description = "Not in a state that can be suspended",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject suspend(@PathParam("id") String id) {
    return write(lifecycle.suspend(new TenantId(id)));
  }

  @POST
  @Path("{id}/reactivate")
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(summary = "Lift a suspension")
  @APIResponse(
      responseCode = "200",
      description = "The tenant",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Tenant")))
  public JsonObject reactivate(@PathParam("id") String id) {
    return write(lifecycle.reactivate(new TenantId(id)));
  }

  @POST
  @Path("{id}/offboarding")
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.DELETE)
  @Operation(
      summary =
          "Offboarding, step 1: a confirmation code valid for 15 minutes, for a second"
              + " administrator to approve")
  @APIResponse(
      responseCode = "200",
      description = "The confirmation code and its expiry",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  public JsonObject requestOffboarding(@PathParam("id") String id) {
    OffboardingTicket ticket = lifecycle.requestOffboarding(new TenantId(id));
    return JSON.createObjectBuilder()
        .add("tenant", ticket.tenant().value())
        .add("confirmation", ticket.confirmation())
        .add("expiresAt", ticket.expiresAt().toString())
        .build();
  }

  @POST
  @Path("{id}/offboarding/confirm")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.DELETE)
  @Operation(
      summary =
          "Offboarding, step 2, by another administrator: approves it; once the cooling-off"
              + " period is over (none in development), confirming again with the same code"
              + " destroys the tenant's keys and purges its records (irreversible); repeat to"
              + " resume after a failure")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(ref = "OffboardingConfirmation")))
  @APIResponse(
      responseCode = "200",
      description = "The offboarded tenant",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Tenant")))
  @APIResponse(
      responseCode = "403",
      description =
          "Wrong or expired confirmation (PHR-403-04), or approved by the administrator who"
              + " requested it (PHR-403-07)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "The cooling-off period is not over (PHR-409-07), or the tenant changed state",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject confirmOffboarding(@PathParam("id") String id, InputStream body) {
    OffboardingConfirmation in =
        Bodies.read(body, config.maxBodyBytes(), OffboardingConfirmation.class);
    return write(lifecycle.confirmOffboarding(new TenantId(id), in.confirmation()));
  }

  @DELETE
  @Path("{id}/offboarding")
  @AuditedAs(resource = ResourceType.TENANT, action = AuditAction.UPDATE)
  @Operation(summary = "Cancel a requested or approved offboarding that has not started")
  @APIResponse(
      responseCode = "200",
      description = "The tenant, no offboarding pending",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Tenant")))
  @APIResponse(
      responseCode = "409",
      description = "No offboarding is pending, or it has started",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject cancelOffboarding(@PathParam("id") String id) {
    return write(lifecycle.cancelOffboarding(new TenantId(id)));
  }

  private static JsonObject write(Tenant t) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("id", t.id().value())
            .add("displayName", t.displayName())
            .add("status", t.status().name())
            .add("createdAt", t.createdAt().toString());
    if (t.contact() != null) {
      b.add("contact", t.contact());
    }
    if (t.residency() != null) {
      b.add("residency", t.residency());
    }
    if (t.issuer() != null) {
      b.add("identityProviderIssuer", t.issuer());
    }
    if (t.offboardingAt() != null) {
      b.add("offboardingAt", t.offboardingAt().toString());
    }
    return b.build();
  }
}
