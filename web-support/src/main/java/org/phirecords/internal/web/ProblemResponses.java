package org.phirecords.internal.web;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Declares the problem+json error responses every operation of both WARs refers to ({@code
 * BadRequest}, {@code Unauthorized}, {@code Forbidden}, {@code NotFound}) once, for both published
 * documents. Registered by {@code mp.openapi.filter} in each WAR's configuration.
 */
public class ProblemResponses implements OASFilter {
  /** Name and description of each response, in the order they are published. */
  private static final List<Map.Entry<String, String>> RESPONSES =
      List.of(
          Map.entry(
              "BadRequest", "Invalid input: malformed JSON, unknown or invalid field, bad id"),
          Map.entry("Unauthorized", "No valid bearer token, or one that names no tenant"),
          Map.entry(
              "Forbidden", "Permission missing, or the tenant unknown, inactive or suspended"),
          Map.entry("NotFound", "Absent, or outside the caller's tenant or own record"));

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null) {
      openAPI.setComponents(OASFactory.createComponents());
    }
    for (Map.Entry<String, String> r : RESPONSES) {
      openAPI.getComponents().addResponse(r.getKey(), response(r.getValue()));
    }
  }

  private static APIResponse response(String description) {
    return OASFactory.createAPIResponse()
        .description(description)
        .content(
            OASFactory.createContent()
                .addMediaType(
                    "application/problem+json",
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
  }
}
