package org.phirecords.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.phirecords.audit.AuditAction;
import org.phirecords.audit.ResourceType;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;
import org.phirecords.internal.tenant.SmartConfigurations;
import org.phirecords.internal.web.AuditedAs;
import org.phirecords.internal.web.Public;
import org.phirecords.model.TenantId;

/**
 * SMART Backend Services discovery (ADR 42) at the FHIR base's {@code
 * .well-known/smart-configuration}: where a tenant's system clients get client-credentials tokens,
 * how they authenticate there ({@code private_key_jwt}), and the system scopes the module honours.
 */
@ApplicationScoped
@Path("/fhir/.well-known/smart-configuration")
@Tag(name = "fhir", description = "FHIR R4 import and bulk data export")
@Produces(MediaType.APPLICATION_JSON)
public class SmartConfigurationResource {
  @Inject SmartConfigurations configurations;

  @GET
  @Public
  @AuditedAs(resource = ResourceType.ENDPOINT, action = AuditAction.READ)
  @Operation(
      summary =
          "Public: the tenant's SMART Backend Services configuration (token endpoint of its"
              + " identity provider, grant type client_credentials, private_key_jwt, system"
              + " scopes)")
  @APIResponse(
      responseCode = "200",
      description =
          "{token_endpoint, grant_types_supported, token_endpoint_auth_methods_supported,"
              + " scopes_supported, capabilities}",
      content = @Content(mediaType = "application/json", schema = @Schema(ref = "JsonDocument")))
  @APIResponse(
      responseCode = "400",
      description = "No tenant named (PHR-400-51), or not a tenant id",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  @APIResponse(
      responseCode = "404",
      description = "Unknown or inactive tenant, or no token endpoint in its settings (PHR-404-08)",
      content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
  public JsonObject configuration(
      @Parameter(description = "the tenant whose clients ask", example = "clinic-a")
          @QueryParam("tenant")
          String tenant) {
    if (tenant == null || tenant.isEmpty()) {
      throw new InvalidInputException(
          ErrorCode.SMART_TENANT_REQUIRED, "/tenant", "names the tenant");
    }
    SmartConfigurations.Smart smart =
        configurations
            .of(new TenantId(tenant))
            .orElseThrow(() -> new RecordsException(ErrorCode.SMART_CONFIGURATION_NOT_FOUND));
    return JSON.createObjectBuilder()
        .add("token_endpoint", smart.tokenEndpoint())
        .add("grant_types_supported", JSON.createArrayBuilder().add("client_credentials"))
        .add(
            "token_endpoint_auth_methods_supported",
            JSON.createArrayBuilder().add("private_key_jwt"))
        .add("scopes_supported", JSON.createArrayBuilder(smart.scopes()))
        .add(
            "capabilities",
            JSON.createArrayBuilder()
                .add("client-confidential-asymmetric")
                .add("permission-v1")
                .add("permission-v2"))
        .build();
  }
}
