package org.phirecords.admin;

import java.util.List;
import org.phirecords.admin.body.AlertSettings;
import org.phirecords.admin.body.AuditRetention;
import org.phirecords.admin.body.BreakGlassSettings;
import org.phirecords.admin.body.CareTeamSettings;
import org.phirecords.admin.body.GrantInput;
import org.phirecords.admin.body.GroupMapping;
import org.phirecords.admin.body.OffboardingConfirmation;
import org.phirecords.admin.body.OrganisationInput;
import org.phirecords.admin.body.OrganisationMove;
import org.phirecords.admin.body.OrganisationName;
import org.phirecords.admin.body.SensitiveClearances;
import org.phirecords.admin.body.SubjectInput;
import org.phirecords.admin.body.SystemClientsInput;
import org.phirecords.admin.body.TenantInput;
import org.phirecords.internal.web.ApiDocument;

/**
 * The tenant administration API's OpenAPI filter ({@code mp.openapi.filter}): the request body
 * schemas from their records, the common error responses (see {@link ApiDocument}).
 */
public class AdminApiDocument extends ApiDocument {
  /** The request bodies; nested records (IdentityProviderInput, GroupRoles) follow from them. */
  static final List<Class<? extends Record>> BODIES =
      List.of(
          TenantInput.class,
          OffboardingConfirmation.class,
          AlertSettings.class,
          GroupMapping.class,
          AuditRetention.class,
          SensitiveClearances.class,
          BreakGlassSettings.class,
          CareTeamSettings.class,
          org.phirecords.admin.body.ProxyAccessSettings.class,
          SubjectInput.class,
          OrganisationInput.class,
          OrganisationName.class,
          OrganisationMove.class,
          GrantInput.class,
          SystemClientsInput.class,
          org.phirecords.admin.body.ProjectionRebuildInput.class);

  /** The resource classes. */
  static final List<Class<?>> RESOURCES =
      List.of(
          AnalyticsRebuildResource.class,
          AuditChainResource.class,
          BreakGlassResource.class,
          CareTeamSettingsResource.class,
          ProxyAccessSettingsResource.class,
          ClearancesResource.class,
          GrantResource.class,
          KeyResource.class,
          OrganisationResource.class,
          SessionResource.class,
          SettingsResource.class,
          SystemClientResource.class,
          TenantResource.class);

  /** Instantiated by MicroProfile OpenAPI. */
  public AdminApiDocument() {
    super(TenantAdminApplication.class, RESOURCES, BODIES);
  }
}
