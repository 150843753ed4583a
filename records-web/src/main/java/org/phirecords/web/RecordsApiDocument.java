package org.phirecords.web;

import java.util.List;
import org.phirecords.internal.web.ApiDocument;
import org.phirecords.web.body.AmendmentRequestInput;
import org.phirecords.web.body.AnalyticsQueryInput;
import org.phirecords.web.body.CareTeamInput;
import org.phirecords.web.body.EmergencyDeclarationInput;
import org.phirecords.web.body.EntryInput;
import org.phirecords.web.body.InvitationCode;
import org.phirecords.web.body.MembershipEnd;
import org.phirecords.web.body.MembershipInput;
import org.phirecords.web.body.MergeInput;
import org.phirecords.web.body.MrnSearch;
import org.phirecords.web.body.NameSearch;
import org.phirecords.web.body.PatientInput;
import org.phirecords.web.body.ReasonInput;
import org.phirecords.web.body.ReviewNote;
import org.phirecords.web.body.StatementInput;

/**
 * The records API's OpenAPI filter ({@code mp.openapi.filter}): the request body schemas from their
 * records, the common error responses (see {@link ApiDocument}).
 */
public class RecordsApiDocument extends ApiDocument {
  /** The request bodies; nested records (Address, Code, Quantity) follow from them. */
  static final List<Class<? extends Record>> BODIES =
      List.of(
          PatientInput.class,
          MrnSearch.class,
          NameSearch.class,
          EntryInput.class,
          AmendmentRequestInput.class,
          ReasonInput.class,
          StatementInput.class,
          InvitationCode.class,
          MembershipInput.class,
          MembershipEnd.class,
          CareTeamInput.class,
          EmergencyDeclarationInput.class,
          ReviewNote.class,
          MergeInput.class,
          AnalyticsQueryInput.class,
          org.phirecords.web.body.ImportJobInput.class,
          org.phirecords.web.body.DisclosureInput.class,
          org.phirecords.web.body.DirectedCopyInput.class,
          org.phirecords.web.body.ProxyGrantInput.class,
          org.phirecords.web.body.DatasetInput.class,
          org.phirecords.web.body.RelinkInput.class,
          org.phirecords.web.body.RelinkDecisionInput.class,
          org.phirecords.web.body.SavedQueryInput.class);

  /** The resource classes. */
  static final List<Class<?>> RESOURCES =
      List.of(
          AccessHistoryResource.class,
          AmendmentResource.class,
          AnalyticsResource.class,
          AuditResource.class,
          BillingResource.class,
          BulkExportResource.class,
          BulkImportResource.class,
          CareTeamResource.class,
          ClinicalEntryResource.class,
          DatasetResource.class,
          DatasetRelinkResource.class,
          DirectedCopyResource.class,
          DisclosureResource.class,
          ElectronicCopyResource.class,
          EmergencyAccessResource.class,
          EmergencyReviewResource.class,
          FhirImportResource.class,
          MembershipResource.class,
          IntegrityResource.class,
          IntegrationEventsResource.class,
          PatientAmendmentsResource.class,
          PatientEntriesResource.class,
          PatientInvitationResource.class,
          PatientLinkResource.class,
          PatientMergeResource.class,
          PatientResource.class,
          PortalProxyResource.class,
          PortalResource.class,
          ProxyGrantResource.class,
          SavedQueryResource.class,
          SmartConfigurationResource.class);

  /** Instantiated by MicroProfile OpenAPI. */
  public RecordsApiDocument() {
    super(RecordsApplication.class, RESOURCES, BODIES);
  }
}
