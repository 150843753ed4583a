package org.phirecords.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.junit.jupiter.api.Test;

/** The common error responses the filter adds, by what each operation needs. */
class RecordsApiDocumentTest {
  private static Operation operation(String... explicit) {
    Operation op = OASFactory.createOperation().responses(OASFactory.createAPIResponses());
    op.getResponses().addAPIResponse("200", OASFactory.createAPIResponse().description("ok"));
    for (String status : explicit) {
      op.getResponses()
          .addAPIResponse(status, OASFactory.createAPIResponse().description("its own"));
    }
    return op;
  }

  private static Parameter path(String name) {
    return OASFactory.createParameter().name(name).in(Parameter.In.PATH).required(true);
  }

  private static Map<String, APIResponse> responses(OpenAPI api, String path, String method) {
    var item = api.getPaths().getPathItem(path);
    Operation op = method.equals("GET") ? item.getGET() : item.getPOST();
    return op.getResponses().getAPIResponses();
  }

  @Test
  void eachOperationGetsTheCommonResponsesItNeedsAndKeepsItsOwn() {
    OpenAPI api =
        OASFactory.createOpenAPI()
            .paths(
                OASFactory.createPaths()
                    .addPathItem(
                        "/api/patients/{id}",
                        OASFactory.createPathItem().GET(operation().addParameter(path("id"))))
                    .addPathItem(
                        "/api/patients/search",
                        OASFactory.createPathItem()
                            .POST(
                                operation("404")
                                    .requestBody(OASFactory.createRequestBody().required(true))))
                    .addPathItem("/api/audit/events", OASFactory.createPathItem().GET(operation()))
                    .addPathItem(
                        "/api/portal/session", OASFactory.createPathItem().GET(operation("403")))
                    .addPathItem(
                        "/api/portal/demo-sign-in",
                        OASFactory.createPathItem().GET(operation("404")))
                    .addPathItem(
                        "/api/portal/sign-in/{tenant}",
                        OASFactory.createPathItem()
                            .GET(operation("404").addParameter(path("tenant")))));
    new RecordsApiDocument().filterOpenAPI(api);

    assertThat(responses(api, "/api/patients/{id}", "GET"))
        .containsOnlyKeys("200", "400", "401", "403", "404", "429", "500", "503");
    assertThat(responses(api, "/api/patients/{id}", "GET").get("404").getRef())
        .isEqualTo("#/components/responses/NotFound");
    var search = responses(api, "/api/patients/search", "POST");
    assertThat(search).containsOnlyKeys("200", "400", "401", "403", "404", "429", "500", "503");
    assertThat(search.get("404").getDescription()).isEqualTo("its own");
    // Query parameters of a @BeanParam group are not in the document, but they are input.
    assertThat(responses(api, "/api/audit/events", "GET"))
        .containsOnlyKeys("200", "400", "401", "403", "429", "500", "503");
    var session = responses(api, "/api/portal/session", "GET");
    assertThat(session).containsOnlyKeys("200", "401", "403", "429", "500", "503");
    assertThat(session.get("403").getDescription()).isEqualTo("its own");
    // Public: no token, so neither 401, 403 nor 429.
    assertThat(responses(api, "/api/portal/demo-sign-in", "GET"))
        .containsOnlyKeys("200", "404", "500", "503");
    assertThat(responses(api, "/api/portal/sign-in/{tenant}", "GET"))
        .containsOnlyKeys("200", "400", "404", "500", "503");

    assertThat(api.getComponents().getResponses())
        .containsOnlyKeys(
            "BadRequest",
            "Unauthorized",
            "Forbidden",
            "TooManyFailures",
            "NotFound",
            "InternalError",
            "Unavailable");
    assertThat(api.getComponents().getSchemas())
        .containsKeys("Problem", "JsonDocument", "PatientInput", "Address", "EntryInput", "Code");
  }

  @Test
  void everyPagedListDocumentsItsLimitAndCursor() {
    OpenAPI api = OASFactory.createOpenAPI().paths(OASFactory.createPaths());
    for (String path :
        java.util.List.of(
            "/api/patients/{patientId}/entries",
            "/api/patients/{patientId}/amendments",
            "/api/patients/{patientId}/access-history",
            "/api/entries/{id}/history",
            "/api/audit/events",
            "/api/audit/export")) {
      api.getPaths().addPathItem(path, OASFactory.createPathItem().GET(operation()));
    }
    api.getPaths()
        .addPathItem("/api/patients/search/by-name", OASFactory.createPathItem().POST(operation()));
    api.getPaths().addPathItem("/api/patients/{id}", OASFactory.createPathItem().GET(operation()));
    new RecordsApiDocument().filterOpenAPI(api);

    api.getPaths()
        .getPathItems()
        .forEach(
            (path, item) -> {
              Operation op = item.getGET() != null ? item.getGET() : item.getPOST();
              var names =
                  op.getParameters() == null
                      ? java.util.List.<String>of()
                      : op.getParameters().stream().map(Parameter::getName).toList();
              if (path.equals("/api/patients/{id}")) {
                assertThat(names).as(path).doesNotContain("limit", "after");
              } else {
                assertThat(names).as(path).contains("limit", "after");
                Parameter limit =
                    op.getParameters().stream()
                        .filter(p -> p.getName().equals("limit"))
                        .findFirst()
                        .orElseThrow();
                assertThat(limit.getIn()).isEqualTo(Parameter.In.QUERY);
                assertThat(limit.getSchema().getMaximum()).isEqualByComparingTo("200");
              }
            });
  }
}
