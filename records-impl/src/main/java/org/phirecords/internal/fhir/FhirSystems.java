package org.phirecords.internal.fhir;

/**
 * The canonical URLs of PHI Records' own FHIR identifier systems, code systems and extensions:
 * every one is {@link #BASE} followed by {@code sid/} (identifier systems), {@code CodeSystem/} or
 * {@code StructureDefinition/} (extensions) and a name, as FHIR recommends for canonical URLs. They
 * identify; nothing is published at them (yet), so validators treat the extension as unknown. Every
 * FHIR resource the module writes takes its systems from here and from nowhere else.
 */
public final class FhirSystems {
  /** The one base of every canonical URL below. */
  public static final String BASE = "https://phirecords.org/fhir/";

  /** Medical record numbers (a tenant's MRN of a patient): {@code Patient.identifier}. */
  public static final String MRN = BASE + "sid/mrn";

  /**
   * The MRN system of one tenant: {@link #MRN}, a slash and the tenant id. An import accepts a
   * tenant's own system and {@link #MRN}, and refuses another tenant's (ADR 37).
   */
  public static String mrn(org.phirecords.model.TenantId tenant) {
    return MRN + "/" + tenant.value();
  }

  /** Opaque patient ids: the patient entity of an {@code AuditEvent}. */
  public static final String PATIENT_ID = BASE + "sid/patient-id";

  /** Opaque ids of users (the subject of a token): the agent of an {@code AuditEvent}. */
  public static final String USER_ID = BASE + "sid/user-id";

  /**
   * Opaque ids of the module's other resources (clinical entries, amendment requests, tenants...):
   * the data entity of an {@code AuditEvent}.
   */
  public static final String RESOURCE_ID = BASE + "sid/resource-id";

  /** Ids of patients' amendment requests, in {@link #AMENDMENT_REQUEST_EXTENSION}. */
  public static final String AMENDMENT_REQUEST_ID = BASE + "sid/amendment-request";

  /**
   * A complex extension on an entry's resource in an electronic copy, one per open or denied
   * amendment request: {@code request} (identifier, system {@link #AMENDMENT_REQUEST_ID}), {@code
   * status} ({@code requested} or {@code denied}), {@code disagreementFiled} (boolean) and, when
   * filed, {@code disagreement} (the patient's statement).
   */
  public static final String AMENDMENT_REQUEST_EXTENSION =
      BASE + "StructureDefinition/amendment-request";

  /**
   * The module's roles (codes: the names of {@code org.phirecords.security.Role}): {@code
   * AuditEvent.agent.role}.
   */
  public static final String ROLE = BASE + "CodeSystem/role";

  /**
   * The module's error codes (codes: {@code org.phirecords.error.ErrorCode} codes such as {@code
   * PHR-400-21}): {@code OperationOutcome.issue.details} of a refused import (ADR 37).
   */
  public static final String ERROR_CODE = BASE + "CodeSystem/error-code";

  private FhirSystems() {}
}
