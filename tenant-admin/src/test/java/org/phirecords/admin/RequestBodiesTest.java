package org.phirecords.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.json.Json;
import jakarta.ws.rs.Path;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.junit.jupiter.api.Test;
import org.phirecords.admin.body.AuditRetention;
import org.phirecords.admin.body.GroupMapping;
import org.phirecords.admin.body.TenantInput;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.web.body.Bodies;
import org.phirecords.internal.web.body.BodyConformance;
import org.phirecords.internal.web.body.BodySchemas;

/**
 * The tenant administration API's request bodies: one source for the validator and the published
 * schema.
 */
class RequestBodiesTest {
  @Test
  void everyPublishedBodySchemaAgreesWithTheValidator() {
    BodyConformance.Result result = BodyConformance.check(AdminApiDocument.BODIES);
    assertThat(result.failures()).isEmpty();
    assertThat(result.cases()).hasSizeGreaterThan(60);
  }

  @Test
  void everyRequestBodyOfAnOperationIsAGeneratedSchemaAndEveryBodyIsUsed() {
    Set<String> generated = BodySchemas.of(AdminApiDocument.BODIES).keySet();
    Set<String> referenced = new HashSet<>();
    for (Class<?> resource : AdminApiDocument.RESOURCES) {
      for (Method m : resource.getMethods()) {
        RequestBody body = m.getAnnotation(RequestBody.class);
        if (body != null) {
          String ref = body.content()[0].schema().ref();
          assertThat(generated).as(resource.getSimpleName() + "." + m.getName()).contains(ref);
          referenced.add(ref);
        }
      }
    }
    AdminApiDocument.BODIES.forEach(b -> assertThat(referenced).contains(BodySchemas.name(b)));
  }

  @Test
  void theDocumentKnowsEveryResourceClass() {
    Set<String> resources = new HashSet<>();
    new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.phirecords.admin")
            .stream()
            .filter(c -> c.isAnnotatedWith(Path.class))
            .forEach(c -> resources.add(c.getName()));
    assertThat(resources)
        .containsExactlyInAnyOrderElementsOf(
            AdminApiDocument.RESOURCES.stream().map(Class::getName).toList());
  }

  private static InvalidInputException refused(Class<? extends Record> type, String json) {
    try {
      Bodies.parse(Json.createReader(new StringReader(json)).readObject(), type);
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("accepted: " + json);
  }

  @Test
  void malformedTenantIdsKeepTheirCodeAndGroupsAreListedOnce() {
    String rest =
        ",\"displayName\":\"x\",\"contact\":\"c\",\"residency\":\"us\",\"firstAdmin\":\"a\"}";
    assertThat(refused(TenantInput.class, "{\"id\":\"Bad_ID!\"" + rest))
        .returns(ErrorCode.INVALID_ID, InvalidInputException::errorCode)
        .returns("/id", InvalidInputException::field);
    assertThat(refused(TenantInput.class, "{\"id\":\"   \"" + rest))
        .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode);
    assertThat(
            refused(
                GroupMapping.class,
                "{\"groups\":[{\"group\":\"g\"},{\"group\":\"h\"},{\"group\":\"g\"}]}"))
        .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode)
        .returns("/groups/2/group", InvalidInputException::field);
    assertThat(
            refused(
                GroupMapping.class, "{\"groups\":[{\"group\":\"g\",\"roles\":[\"superuser\"]}]}"))
        .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode)
        .returns("/groups/0/roles/0", InvalidInputException::field);
    assertThat(refused(AuditRetention.class, "{\"years\":5}"))
        .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode);
    assertThat(refused(AuditRetention.class, "{\"years\":6.5}"))
        .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode);
  }
}
