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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.InputStream;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.admin.body.GrantInput;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.PageJson;
import org.phirecords.internal.web.PageParams;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.Grant;
import org.phirecords.model.GrantId;
import org.phirecords.model.GrantPrincipal;
import org.phirecords.model.OrganisationId;
import org.phirecords.security.Role;
import org.phirecords.service.Grants;

/** Roles granted at the caller's tenant's organisations (tenant admins; ADR 29). No PHI. */
@ApplicationScoped
@Path("/grants")
@Tag(
    name = "grants",
    description =
        "Roles granted at the tenant's organisations to subjects or groups (tenant"
            + " administrators, own tenant)")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class GrantResource {
  private static final String PROBLEM = "application/problem+json";

  @Inject Grants grants;
  @Inject RecordsConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.GRANT, action = AuditAction.CREATE)
  @Operation(
      summary =
          "Grant a role at an organisation (absent: the whole tenant); repeating a grant answers"
              + " it unchanged. physician and billing wait for another administrator's approval")
  @RequestBody(
      required = true,
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "GrantInput")))
  @APIResponse(
      responseCode = "201",
      description = "The grant: ACTIVE, or PENDING until another administrator approves it",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Grant")))
  @APIResponse(
      responseCode = "400",
      description =
          "PHR-400-12: a role that cannot be granted (platform-admin, patient, tenant-admin)",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "403",
      description =
          "Not a tenant admin, or a role that reads PHI for the caller's own subject or group"
              + " (PHR-403-08)",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "404",
      description = "PHR-404-02: the organisation does not exist",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "PHR-409-13 the organisation is closed, PHR-409-15 too many grants",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  public Response create(InputStream body) {
    GrantInput in = Bodies.read(body, config.maxBodyBytes(), GrantInput.class);
    Grant created =
        grants.create(
            principal(in.principalKind(), in.principal(), "/principal"),
            Role.fromGroup(in.role()).orElseThrow(),
            Optional.ofNullable(in.organisation()).map(OrganisationId::new));
    return Response.created(UriBuilder.fromPath("grants/{id}").build(created.id().value()))
        .entity(write(created))
        .build();
  }

  @GET
  @AuditedAs(resource = ResourceType.GRANT, action = AuditAction.SEARCH)
  @Operation(
      summary = "The tenant's grants in force or pending by id, of an organisation or principal")
  @APIResponse(
      responseCode = "200",
      description = "A page of grants; next is present when more exist",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Grants")))
  public JsonObject list(
      @QueryParam("organisation")
          @Parameter(
              description = "Only grants at this organisation (not those above or below it)",
              schema = @Schema(type = SchemaType.STRING, pattern = "^[a-z0-9][a-z0-9-]{1,62}$"))
          String organisation,
      @QueryParam("principalKind")
          @Parameter(
              description = "With principal: only grants for this subject or group",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"SUBJECT", "GROUP"}))
          String principalKind,
      @QueryParam("principal")
          @Parameter(
              description = "The subject or group, with principalKind",
              schema = @Schema(type = SchemaType.STRING, maxLength = 256))
          String principal,
      @BeanParam PageParams paging) {
    if ((principalKind == null) != (principal == null)) {
      throw new InvalidInputException(
          ErrorCode.INVALID_PARAMETER, "principal", "principalKind and principal go together.");
    }
    Optional<GrantPrincipal> who =
        principal == null
            ? Optional.empty()
            : Optional.of(principal(principalKind, principal, "principal"));
    Optional<OrganisationId> at;
    try {
      at = Optional.ofNullable(organisation).map(OrganisationId::new);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          ErrorCode.INVALID_PARAMETER, "organisation", "organisation is not an organisation id.");
    }
    return PageJson.of(grants.list(at, who, paging.request()), GrantResource::write);
  }

  @GET
  @Path("{id}")
  @AuditedAs(resource = ResourceType.GRANT, action = AuditAction.READ)
  @Operation(summary = "One grant, in force or pending")
  @APIResponse(
      responseCode = "200",
      description = "The grant",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Grant")))
  @APIResponse(
      responseCode = "404",
      description = "Unknown grant, revoked, or a pending one that lapsed",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  public JsonObject get(@PathParam("id") String id) {
    return write(grants.get(new GrantId(id)));
  }

  @POST
  @Path("{id}/approval")
  @AuditedAs(resource = ResourceType.GRANT, action = AuditAction.UPDATE)
  @Operation(
      summary =
          "Approve a pending grant, by another administrator than its requester: it is in force")
  @APIResponse(
      responseCode = "200",
      description = "The grant, ACTIVE",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Grant")))
  @APIResponse(
      responseCode = "403",
      description =
          "Not a tenant admin, the requester's own approval (PHR-403-07), or a grant for the"
              + " caller's own subject or group (PHR-403-08)",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "404",
      description = "Unknown grant",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "In force already, or lapsed (PHR-409-14)",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  public JsonObject approve(@PathParam("id") String id) {
    return write(grants.approve(new GrantId(id)));
  }

  @DELETE
  @Path("{id}")
  @AuditedAs(resource = ResourceType.GRANT, action = AuditAction.DELETE)
  @Operation(
      summary =
          "Revoke a grant in force (every instance applies it within the access cache's bound),"
              + " or withdraw or reject a pending one")
  @APIResponse(
      responseCode = "200",
      description = "The grant as it stood when removed",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Grant")))
  @APIResponse(
      responseCode = "404",
      description = "Unknown grant",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "PHR-409-01: changed meanwhile",
      content = @Content(mediaType = PROBLEM, schema = @Schema(ref = "Problem")))
  public JsonObject revoke(@PathParam("id") String id) {
    return write(grants.revoke(new GrantId(id)));
  }

  /** The principal named by {@code kind} and {@code value}; a bad form names {@code field}. */
  private static GrantPrincipal principal(String kind, String value, String field) {
    GrantPrincipal.Kind parsed;
    try {
      parsed = GrantPrincipal.Kind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          ErrorCode.INVALID_PARAMETER, "principalKind", "principalKind is SUBJECT or GROUP.");
    }
    try {
      return new GrantPrincipal(parsed, value);
    } catch (InvalidInputException e) {
      throw field.startsWith("/")
          ? InvalidInputException.invalid(field, "not a subject or group of that form")
          : new InvalidInputException(
              ErrorCode.INVALID_PARAMETER, field, field + " is not of the kind's form.");
    }
  }

  static JsonObject write(Grant g) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("id", g.id().value())
            .add("principalKind", g.principal().kind().name())
            .add("principal", g.principal().value())
            .add("role", g.role().groupName())
            .add("status", g.status().name())
            .add("requestedBy", g.requestedBy())
            .add("createdAt", g.createdAt().toString());
    g.organisation().ifPresent(o -> b.add("organisation", o.value()));
    g.approvedBy().ifPresent(a -> b.add("approvedBy", a));
    return b.build();
  }
}
