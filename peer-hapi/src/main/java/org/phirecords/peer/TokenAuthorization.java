package org.phirecords.peer;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;

/**
 * HAPI's AuthorizationInterceptor with rules from a verified bearer token, as a PHI deployment of
 * HAPI would write them: a physician reads and writes any resource of their own tenant's partition
 * (the URL's tenant must be the token's); a patient reads only their own compartment; a platform
 * administrator only creates partitions. No token answers 401 (the capability statement excepted);
 * anything the rules do not allow, 403.
 */
final class TokenAuthorization extends AuthorizationInterceptor {
  /** Request user data: the verified token's subject, for the audit events. */
  static final String SUBJECT = "phirecords.peer.subject";

  private final TokenVerifier tokens;

  TokenAuthorization(TokenVerifier tokens) {
    this.tokens = tokens;
  }

  @Override
  public List<IAuthRule> buildRuleList(RequestDetails request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      if (request.getRestOperationType() == RestOperationTypeEnum.METADATA) {
        return new RuleBuilder().allow("capabilities").metadata().build();
      }
      throw new AuthenticationException("a bearer token is required");
    }
    JWTClaimsSet claims =
        tokens
            .verify(header.substring("Bearer ".length()))
            .orElseThrow(() -> new AuthenticationException("the bearer token is not valid"));
    request.getUserData().put(SUBJECT, claims.getSubject());
    try {
      return rules(claims);
    } catch (ParseException e) {
      throw new AuthenticationException("the bearer token's claims are malformed");
    }
  }

  private static List<IAuthRule> rules(JWTClaimsSet claims) throws ParseException {
    List<String> groups = claims.getStringListClaim("groups");
    String tenant = claims.getStringClaim("tenant");
    RuleBuilder rules = new RuleBuilder();
    rules.allow("capabilities").metadata();
    if (groups != null && groups.contains("platform-admin")) {
      rules
          .allow("onboard tenants")
          .operation()
          .named("$partition-management-create-partition")
          .onServer()
          .andAllowAllResponses();
    }
    if (tenant != null && groups != null && groups.contains("physician")) {
      rules.allow("physician reads").read().allResources().withAnyId().forTenantIds(tenant);
      rules.allow("physician writes").write().allResources().withAnyId().forTenantIds(tenant);
      rules.allow("physician loads").transaction().withAnyOperation().andApplyNormalRules();
    }
    String patient = claims.getStringClaim("patient_id");
    if (tenant != null && patient != null && groups != null && groups.contains("patient")) {
      rules
          .allow("own record")
          .read()
          .allResources()
          .inCompartment("Patient", new IdType("Patient", patient))
          .forTenantIds(tenant);
    }
    return rules.denyAll("not allowed").build();
  }
}
