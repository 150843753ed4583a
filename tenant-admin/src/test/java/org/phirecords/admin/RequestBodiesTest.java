package org.phirecords.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.phirecords.admin.body.AuditRetention;
import org.phirecords.admin.body.GroupMapping;
import org.phirecords.admin.body.TenantInput;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.internal.web.body.BodyConformance;

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
    assertThat(BodyConformance.unmatchedBodies(AdminApiDocument.BODIES, AdminApiDocument.RESOURCES))
        .isEmpty();
  }

  @Test
  void theDocumentKnowsEveryResourceClass() {
    assertThat(BodyConformance.resourceClassesIn("org.phirecords.admin"))
        .containsExactlyInAnyOrderElementsOf(
            AdminApiDocument.RESOURCES.stream().map(Class::getName).toList());
  }

  @Test
  void malformedTenantIdsKeepTheirCodeAndGroupsAreListedOnce() {
    String rest =
        ",\"displayName\":\"x\",\"contact\":\"c\",\"residency\":\"us\",\"firstAdmin\":\"a\"}";
    assertThat(BodyConformance.refused(TenantInput.class, "{\"id\":\"Bad_ID!\"" + rest))
        .returns(ErrorCode.INVALID_ID, InvalidInputException::errorCode)
        .returns("/id", InvalidInputException::field);
    assertThat(BodyConformance.refused(TenantInput.class, "{\"id\":\"   \"" + rest))
        .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode);
    assertThat(
            BodyConformance.refused(
                GroupMapping.class,
                "{\"groups\":[{\"group\":\"g\"},{\"group\":\"h\"},{\"group\":\"g\"}]}"))
        .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode)
        .returns("/groups/2/group", InvalidInputException::field);
    assertThat(
            BodyConformance.refused(
                GroupMapping.class, "{\"groups\":[{\"group\":\"g\",\"roles\":[\"superuser\"]}]}"))
        .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode)
        .returns("/groups/0/roles/0", InvalidInputException::field);
    assertThat(BodyConformance.refused(AuditRetention.class, "{\"years\":5}"))
        .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode);
    assertThat(BodyConformance.refused(AuditRetention.class, "{\"years\":6.5}"))
        .returns(ErrorCode.INVALID_FIELD, InvalidInputException::errorCode);
  }
}
