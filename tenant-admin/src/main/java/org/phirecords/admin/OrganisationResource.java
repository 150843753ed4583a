package org.phirecords.admin;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.BeanParam;
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
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.admin.body.OrganisationInput;
import org.phirecords.admin.body.OrganisationMove;
import org.phirecords.admin.body.OrganisationName;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.PageJson;
import org.phirecords.internal.web.PageParams;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.model.Organisation;
import org.phirecords.model.OrganisationId;
import org.phirecords.model.OrganisationKind;
import org.phirecords.service.Organisations;

/** The caller's tenant's organisation tree (tenant admins; ADR 25). No PHI. */
@ApplicationScoped
@Path("/organisations")
@Tag(
    name = "organisations",
    description = "The tenant's tree of organisations (tenant administrators, own tenant)")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class OrganisationResource {
  private static final String CONFLICT =
      "PHR-409-11 below itself, PHR-409-12 members remain, PHR-409-13 closed, PHR-409-01 changed"
          + " meanwhile";

  @Inject Organisations organisations;
  @Inject RecordsConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.ORGANISATION, action = AuditAction.CREATE)
  @Operation(
      summary =
          "Create an organisation; repeating the same create answers it unchanged, the same id"
              + " with other content is PHR-409-02")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = "application/json", schema = @Schema(ref = "OrganisationInput")))
  @APIResponse(
      responseCode = "201",
      description = "The organisation",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Organisation")))
  @APIResponse(
      responseCode = "404",
      description = "PHR-404-02: the parent does not exist",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "409",
      description = "PHR-409-02 another organisation has the id, PHR-409-13 the parent is closed",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public Response create(InputStream body) {
    OrganisationInput in = Bodies.read(body, config.maxBodyBytes(), OrganisationInput.class);
    Organisation created =
        organisations.create(
            new OrganisationId(in.id()),
            in.displayName(),
            OrganisationKind.valueOf(in.kind()),
            Optional.ofNullable(in.parent()).map(OrganisationId::new));
    return Response.created(UriBuilder.fromPath("organisations/{id}").build(created.id().value()))
        .entity(write(created))
        .build();
  }

  @GET
  @AuditedAs(resource = ResourceType.ORGANISATION, action = AuditAction.SEARCH)
  @Operation(summary = "The tenant's organisations by id; paged")
  @APIResponse(
      responseCode = "200",
      description = "A page of organisations; next is present when more exist",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Organisations")))
  public JsonObject list(@BeanParam PageParams paging) {
    return PageJson.of(organisations.list(paging.request()), OrganisationResource::write);
  }

  @GET
  @Path("{id}")
  @AuditedAs(resource = ResourceType.ORGANISATION, action = AuditAction.READ)
  @Operation(summary = "One organisation")
  @APIResponse(
      responseCode = "200",
      description = "The organisation",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Organisation")))
  @APIResponse(
      responseCode = "404",
      description = "Unknown organisation",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject get(@PathParam("id") String id) {
    return write(organisations.get(new OrganisationId(id)));
  }

  @POST
  @Path("{id}/rename")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.ORGANISATION, action = AuditAction.UPDATE)
  @Operation(summary = "Rename an organisation")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = "application/json", schema = @Schema(ref = "OrganisationName")))
  @APIResponse(
      responseCode = "200",
      description = "The organisation",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Organisation")))
  @APIResponse(
      responseCode = "409",
      description = CONFLICT,
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject rename(@PathParam("id") String id, InputStream body) {
    OrganisationName in = Bodies.read(body, config.maxBodyBytes(), OrganisationName.class);
    return write(organisations.rename(new OrganisationId(id), in.displayName()));
  }

  @POST
  @Path("{id}/move")
  @Consumes(MediaType.APPLICATION_JSON)
  @AuditedAs(resource = ResourceType.ORGANISATION, action = AuditAction.UPDATE)
  @Operation(summary = "Move an organisation, with everything below it, under another parent")
  @RequestBody(
      required = true,
      content =
          @Content(mediaType = "application/json", schema = @Schema(ref = "OrganisationMove")))
  @APIResponse(
      responseCode = "200",
      description = "The organisation",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Organisation")))
  @APIResponse(
      responseCode = "409",
      description = CONFLICT,
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject move(@PathParam("id") String id, InputStream body) {
    OrganisationMove in = Bodies.read(body, config.maxBodyBytes(), OrganisationMove.class);
    return write(
        organisations.move(
            new OrganisationId(id), Optional.ofNullable(in.parent()).map(OrganisationId::new)));
  }

  @POST
  @Path("{id}/suspend")
  @AuditedAs(resource = ResourceType.ORGANISATION, action = AuditAction.UPDATE)
  @Operation(summary = "Suspend an organisation (and, in effect, everything below it)")
  @APIResponse(
      responseCode = "200",
      description = "The organisation",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Organisation")))
  @APIResponse(
      responseCode = "409",
      description = CONFLICT,
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject suspend(@PathParam("id") String id) {
    return write(organisations.suspend(new OrganisationId(id)));
  }

  @POST
  @Path("{id}/reactivate")
  @AuditedAs(resource = ResourceType.ORGANISATION, action = AuditAction.UPDATE)
  @Operation(summary = "Reactivate a suspended organisation")
  @APIResponse(
      responseCode = "200",
      description = "The organisation",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Organisation")))
  @APIResponse(
      responseCode = "409",
      description = CONFLICT,
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject reactivate(@PathParam("id") String id) {
    return write(organisations.reactivate(new OrganisationId(id)));
  }

  @POST
  @Path("{id}/close")
  @AuditedAs(resource = ResourceType.ORGANISATION, action = AuditAction.UPDATE)
  @Operation(
      summary =
          "Close an organisation for good; refused (PHR-409-12) while it or one below it has"
              + " patients whose membership is in effect now or later")
  @APIResponse(
      responseCode = "200",
      description = "The organisation",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "Organisation")))
  @APIResponse(
      responseCode = "409",
      description = CONFLICT,
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject close(@PathParam("id") String id) {
    return write(organisations.close(new OrganisationId(id)));
  }

  static JsonObject write(Organisation o) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("id", o.id().value())
            .add("displayName", o.displayName())
            .add("kind", o.kind().name())
            .add("status", o.status().name())
            .add("version", o.version())
            .add("updatedAt", o.updatedAt().toString());
    o.parent().ifPresent(p -> b.add("parent", p.value()));
    return b.build();
  }
}
