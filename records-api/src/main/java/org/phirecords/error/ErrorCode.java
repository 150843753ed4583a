package org.phirecords.error;

/**
 * The stable catalogue of error codes. A code never changes meaning once released; clients may
 * switch on {@link #code()}. Each code fixes the HTTP status the web layer answers with and a title
 * that never contains request data (and so never PHI).
 */
public enum ErrorCode {
  MALFORMED_JSON("PHR-400-01", 400, "The request body is not well-formed JSON."),
  UNKNOWN_FIELD("PHR-400-02", 400, "The request body contains a field that is not allowed."),
  INVALID_FIELD("PHR-400-03", 400, "A field of the request has an invalid value."),
  MISSING_FIELD("PHR-400-04", 400, "A required field is missing."),
  INVALID_ID("PHR-400-05", 400, "An identifier in the request is not valid."),
  OPERATOR_INPUT("PHR-400-06", 400, "The request contains query operators or reserved keys."),
  INVALID_PARAMETER("PHR-400-07", 400, "A query or header parameter is not valid."),
  INVALID_CURSOR("PHR-400-08", 400, "The paging cursor is not valid for this list."),
  INVALID_PERIOD("PHR-400-09", 400, "The period ends before it starts."),
  ROLE_NOT_CLEARABLE(
      "PHR-400-11", 400, "Only physicians and billing can be cleared for sensitive categories."),
  ROLE_NOT_GRANTABLE(
      "PHR-400-12",
      400,
      "The role cannot be granted at an organisation: only roles that work with the tenant's"
          + " records can."),
  NAME_A_PATIENT(
      "PHR-400-14",
      400,
      "Your organisations reach too many patients for this query: name a patient."),
  EMERGENCY_REASON(
      "PHR-400-13",
      400,
      "A break-glass declaration needs a known reason code and a justification of 1 to 2000"
          + " characters."),
  EVENT_POSITION_INVALID(
      "PHR-400-15", 400, "The position is not one this tenant's integration event stream gave."),
  EVENT_LIMIT_INVALID(
      "PHR-400-16", 400, "The number of integration events asked for is out of range."),
  SYSTEM_CLIENT_INVALID(
      "PHR-400-35",
      400,
      "A system client needs a unique client id and subject of 1 to 256 visible characters, not"
          + " reserved names; at most 50 clients."),
  SCOPE_INVALID(
      "PHR-400-36",
      400,
      "A scope is not a SMART system scope (system/<type>.<cruds>, or .read/.write/.*)."),
  SCOPE_PERMISSION_NOT_ALLOWED(
      "PHR-400-37",
      400,
      "A scope row names a permission no system client may hold (administration, patient portal,"
          + " break-glass)."),
  BODY_TOO_LARGE("PHR-413-01", 413, "The request body is larger than allowed."),
  BATCH_TOO_LARGE("PHR-413-02", 413, "The batch holds more entries than allowed."),
  UNSUPPORTED_MEDIA_TYPE("PHR-415-01", 415, "The request body must be application/json."),
  UNAUTHENTICATED("PHR-401-01", 401, "A valid bearer token is required."),
  TENANT_MISSING("PHR-401-02", 401, "The token names no tenant."),
  SYSTEM_CLIENT_UNKNOWN(
      "PHR-401-03",
      401,
      "The token carries system scopes but its client is not registered as a system client of"
          + " this tenant."),
  ACCESS_DENIED("PHR-403-01", 403, "The caller lacks the permission for this operation."),
  TENANT_UNKNOWN("PHR-403-02", 403, "The caller's tenant is not known or not active."),
  TENANT_SUSPENDED(
      "PHR-403-03", 403, "The caller's tenant is suspended; its data is kept but not accessible."),
  CONFIRMATION_INVALID("PHR-403-04", 403, "The confirmation code is wrong or has expired."),
  SECOND_APPROVER_REQUIRED(
      "PHR-403-07", 403, "A second administrator must approve this change; it is still pending."),
  OWN_GROUP_PHI_ROLE(
      "PHR-403-08",
      403,
      "An administrator may not give a group they belong to a role that reads health data."),
  PATIENT_NOT_LINKED(
      "PHR-403-05",
      403,
      "No patient record is linked to this user; redeem the invitation code from your provider."),
  INVITATION_INVALID("PHR-403-06", 403, "The invitation code is wrong, expired or already used."),
  REGISTRATION_NEEDS_TENANT_ROLE(
      "PHR-403-14",
      403,
      "Registering a patient needs a role held across the tenant; yours hold at organisations."),
  NOT_CLEARED(
      "PHR-403-09",
      403,
      "The caller is not cleared for this sensitive category; the tenant admin clears roles."),
  BREAK_GLASS_DISABLED("PHR-403-10", 403, "The tenant does not allow break-glass access."),
  BREAK_GLASS_ROLE("PHR-403-11", 403, "The caller's role may not declare break-glass access."),
  EMERGENCY_ACCESS_INVALID(
      "PHR-403-12",
      403,
      "The break-glass declaration has expired, is not the caller's or is for another patient."),
  EMERGENCY_READ_ONLY(
      "PHR-403-13", 403, "The break-glass declaration allows reads only; the tenant set it so."),
  SYSTEM_SCOPE_MISSING(
      "PHR-403-17",
      403,
      "The system client's token carries no scope that grants this operation, or the tenant does"
          + " not allow the client that scope."),
  TOO_MANY_ATTEMPTS("PHR-429-02", 429, "Too many failed attempts; try again later."),
  NOT_FOUND("PHR-404-01", 404, "The resource does not exist."),
  ORGANISATION_NOT_FOUND(
      "PHR-404-02", 404, "The organisation named in the request does not exist in this tenant."),
  METHOD_NOT_ALLOWED("PHR-405-01", 405, "The method is not allowed on this resource."),
  VERSION_CONFLICT("PHR-409-01", 409, "The resource was changed by someone else; reload it."),
  DUPLICATE("PHR-409-02", 409, "A resource with the same unique key already exists."),
  DATA_DESTROYED(
      "PHR-410-01", 410, "The record can no longer be read: its tenant's data key was destroyed."),
  EVENT_POSITION_PURGED(
      "PHR-410-02",
      410,
      "The events after this position were removed by the audit retention purge; start again."),
  TENANT_STATE("PHR-409-03", 409, "The tenant's lifecycle state does not allow this operation."),
  AMENDMENT_STATE(
      "PHR-409-04", 409, "The amendment request is not in a state that allows this operation."),
  AMENDMENT_LIMIT(
      "PHR-409-05",
      409,
      "The patient has as many amendment requests awaiting a decision as allowed."),
  COOLING_OFF(
      "PHR-409-07",
      409,
      "The offboarding waits out its cooling-off period; it can still be cancelled until then."),
  MAPPING_CHANGE_SUPERSEDED(
      "PHR-409-08",
      409,
      "The group mapping change was replaced by a newer request or has expired; it is not"
          + " pending."),
  ORGANISATION_CYCLE(
      "PHR-409-11", 409, "The move would place the organisation below itself or a descendant."),
  ORGANISATION_HAS_MEMBERS(
      "PHR-409-12",
      409,
      "The organisation or one below it still has patients with active memberships; end or move"
          + " them first."),
  ORGANISATION_STATE("PHR-409-13", 409, "The organisation's status does not allow this operation."),
  GRANT_NOT_PENDING(
      "PHR-409-14", 409, "The grant is not awaiting approval: it is in force already or lapsed."),
  GRANT_LIMIT("PHR-409-15", 409, "The tenant holds as many grants as allowed; revoke some first."),
  EMERGENCY_REVIEWED("PHR-409-16", 409, "The break-glass declaration has already been reviewed."),
  CARE_TEAM_FULL(
      "PHR-409-17", 409, "The patient's care team has as many members as allowed; end some first."),
  ENTERED_IN_ERROR(
      "PHR-410-03",
      410,
      "The record was marked entered-in-error; it is kept for audit and history only."),
  PATIENT_HAS_ENTRIES(
      "PHR-409-18",
      409,
      "The patient has entries not marked entered-in-error; mark them first or merge the"
          + " registration."),
  MERGE_REFUSED(
      "PHR-409-19",
      409,
      "The registrations cannot be merged: they are one, or one of them is merged already or has"
          + " absorbed others."),
  UNDO_EXPIRED("PHR-409-20", 409, "The merge can no longer be undone: its undo period is over."),
  MERGED(
      "PHR-410-04",
      410,
      "The registration was merged into another; the problem's survivor names the one to read."),
  MERGE_NOT_FOUND("PHR-404-03", 404, "No merge in force has this id for this registration."),
  PRECONDITION_REQUIRED("PHR-428-01", 428, "The expected version (If-Match) is required."),
  TOO_MANY_FAILURES(
      "PHR-429-01",
      429,
      "Too many failed authentications from this address; retry after the time given."),
  AUDIT_UNAVAILABLE("PHR-503-01", 503, "The audit trail cannot be written; nothing was returned."),
  STORE_UNAVAILABLE("PHR-503-02", 503, "The record store is unavailable."),
  INTERNAL("PHR-500-01", 500, "An internal error occurred."),
  INTEGRITY("PHR-500-02", 500, "Stored data failed an integrity check; the incident was audited."),
  KEY_MANAGEMENT_UNAVAILABLE("PHR-503-03", 503, "The key management service is unavailable."),
  FHIR_INVALID(
      "PHR-400-20", 400, "The FHIR resource is not valid FHIR R4, or lacks what the import needs."),
  FHIR_BAD_REFERENCE(
      "PHR-400-21",
      400,
      "The resource references a patient that is neither in the Bundle nor stored in this tenant."),
  FHIR_UNSUPPORTED_RESOURCE("PHR-400-22", 400, "The resource type is not one the import accepts."),
  FHIR_INVALID_CODE("PHR-400-23", 400, "A code of the resource is not valid in its code system."),
  FHIR_FOREIGN_IDENTIFIER(
      "PHR-400-24", 400, "The patient's medical record number is not of this tenant's system."),
  FHIR_BUNDLE_TYPE(
      "PHR-400-25", 400, "The import takes a Bundle of type batch or transaction only."),
  IMPORT_ROLLED_BACK(
      "PHR-409-25",
      409,
      "The import transaction was rolled back (it ran too long, or a patient of it was registered"
          + " meanwhile); nothing of it is stored: send it again."),
  FHIR_BUNDLE_TOO_LARGE("PHR-413-03", 413, "The Bundle holds more entries than allowed."),

  EXPORT_ASYNC_REQUIRED(
      "PHR-400-30", 400, "A bulk export is asynchronous: send the header Prefer: respond-async."),
  EXPORT_FORMAT(
      "PHR-400-31", 400, "The _outputFormat is not supported; use application/fhir+ndjson."),
  EXPORT_TYPE("PHR-400-32", 400, "The _type parameter names a resource type that is not exported."),
  EXPORT_SINCE("PHR-400-33", 400, "The _since parameter is not a FHIR instant in the past."),
  EXPORT_PARAMETER(
      "PHR-400-34", 400, "The export request carries a parameter this server does not support."),
  EXPORT_NOT_FOUND("PHR-404-05", 404, "The bulk export does not exist."),
  EXPORT_GROUP_NOT_FOUND(
      "PHR-404-06", 404, "The group (an organisation) does not exist in this tenant or reach."),
  EXPORT_EXPIRED(
      "PHR-410-05", 410, "The bulk export's files have expired and were removed; export again."),
  EXPORT_TOO_MANY(
      "PHR-429-03",
      429,
      "The client has as many bulk exports running as allowed; wait for one to finish."),
  SYSTEM_CLIENT_ORGANISATIONS(
      "PHR-400-50",
      400,
      "A system client's organisations name no organisation of this tenant, or more than 50."),
  SMART_TENANT_REQUIRED(
      "PHR-400-51",
      400,
      "The SMART configuration is per tenant: name the tenant in the query (tenant=<id>)."),
  TOKEN_ENDPOINT_INVALID(
      "PHR-400-52", 400, "The token endpoint must be an https URL (http only on localhost)."),
  SMART_CONFIGURATION_NOT_FOUND(
      "PHR-404-08",
      404,
      "No SMART configuration: the tenant is unknown or inactive, or has set no token endpoint."),
  ANALYTICS_DIMENSION(
      "PHR-400-55", 400, "The analytics query names a dimension or measure that does not exist."),
  ANALYTICS_OPERATOR(
      "PHR-400-56", 400, "The analytics query carries an operator or a value of a forbidden form."),
  ANALYTICS_RANGE(
      "PHR-400-57", 400, "The analytics query's date range is missing, reversed or too long."),
  ANALYTICS_TOO_MANY(
      "PHR-400-58", 400, "The analytics query names too many codes, organisations or dimensions."),
  ANALYTICS_PURPOSE(
      "PHR-400-59", 400, "The analytics query's purpose of use is missing or not allowed."),
  ANALYTICS_ZIP3(
      "PHR-400-60", 400, "The tenant does not allow the ZIP3 dimension in analytics queries."),
  ANALYTICS_OUT_OF_REACH(
      "PHR-403-20", 403, "The analytics query names an organisation outside the caller's reach."),
  ANALYST_WITH_PHI_ROLE(
      "PHR-403-21",
      403,
      "The caller holds the analyst role together with a role that reads PHI; refused."),
  DATASET_FORMAT("PHR-400-61", 400, "The dataset's format must be ndjson or csv."),
  DATASET_RANGE(
      "PHR-400-62", 400, "The dataset's date range is missing, reversed or longer than allowed."),
  DATASET_TYPE("PHR-400-63", 400, "The dataset's entry types name a type that does not exist."),
  DATASET_FILE("PHR-404-10", 404, "The dataset, or the file of it, does not exist."),
  DATASET_NOT_READY(
      "PHR-409-30", 409, "The dataset is not completed yet; poll its status until it is."),
  DATASET_TOO_MANY(
      "PHR-409-31",
      409,
      "The caller has as many datasets being built as allowed; wait for one to finish."),
  DATASET_GONE(
      "PHR-410-07",
      410,
      "The dataset's file was already downloaded once, or the dataset expired; create a new one."),
  SAVED_QUERY_NAME(
      "PHR-400-67",
      400,
      "A saved query's name must be 1 to 80 letters, digits, spaces or - _ . , ( ) characters."),
  SAVED_QUERY_LIMIT(
      "PHR-400-68", 400, "The tenant holds as many saved analytics queries as allowed (200)."),
  SAVED_QUERY_NOT_FOUND("PHR-404-11", 404, "No saved analytics query of this id in this tenant."),
  SAVED_QUERY_NAME_TAKEN(
      "PHR-409-32", 409, "Another saved analytics query of this tenant has this name."),
  BULK_IMPORT_FILES(
      "PHR-400-40",
      400,
      "The import job must name its files: each a supported resource type and a chunk count."),
  BULK_IMPORT_CHUNK(
      "PHR-400-41", 400, "The chunk is not UTF-8 NDJSON, or its file or number is not the job's."),
  BULK_IMPORT_LINE_TYPE("PHR-400-42", 400, "The line's resourceType is not its file's type."),
  BULK_IMPORT_LINE_JSON("PHR-400-43", 400, "The line is not one JSON object."),
  BULK_IMPORT_NOT_FOUND("PHR-404-07", 404, "The bulk import job does not exist."),
  BULK_IMPORT_STATE(
      "PHR-409-26",
      409,
      "The bulk import job is not in a state that allows this (chunks and start before it runs)."),
  BULK_IMPORT_INCOMPLETE(
      "PHR-409-27",
      409,
      "Chunks of the job are missing: upload those the status lists, then start."),
  BULK_IMPORT_EXPIRED(
      "PHR-410-06", 410, "The bulk import job expired before it was started and was removed."),
  DISCLOSURE_FIELDS(
      "PHR-400-76",
      400,
      "A disclosure needs a recipient, a description and a purpose (1 to 500 characters each)"
          + " and a date within the last six years."),
  ACCOUNTING_PERIOD(
      "PHR-400-77", 400, "An accounting reaches back six years at most, and not into the future."),
  DIRECTED_COPY_ADDRESS(
      "PHR-400-78", 400, "The recipient must be one plain e-mail address (user@domain)."),
  DIRECTED_COPY_NOT_FOUND(
      "PHR-404-14", 404, "The directed copy does not exist or its confirmation period lapsed."),
  DIRECTED_COPY_SENT("PHR-409-36", 409, "The directed copy was already sent."),
  MAIL_UNAVAILABLE(
      "PHR-409-37",
      409,
      "No mail server is configured, or it did not accept the message; nothing was sent."),
  BULK_IMPORT_CHUNK_TOO_LARGE(
      "PHR-413-04", 413, "The chunk is larger than allowed; cut the file into smaller chunks."),
  PROXY_PERIOD(
      "PHR-400-70",
      400,
      "The grant's period is not valid: it must end after it starts, in the future, within 25"
          + " years."),
  PROXY_RELATIONSHIP(
      "PHR-400-71", 400, "A patient grants caregivers only; parents and guardians are staff's."),
  ACTING_FOR_INVALID("PHR-400-72", 400, "The Acting-For header is not a valid patient id."),
  AGE_OF_MAJORITY("PHR-400-74", 400, "The age of majority must be 14 to 21."),
  PROXY_SELF("PHR-400-73", 400, "A grant cannot name the patient's own user as representative."),
  NOT_AS_REPRESENTATIVE(
      "PHR-403-23",
      403,
      "This operation is not available while acting for someone (Acting-For), or to this role."),
  MINOR_CANNOT_GRANT(
      "PHR-403-24",
      403,
      "A patient under the tenant's age of majority cannot grant caregivers; staff can."),
  PROXY_NOT_CAREGIVER(
      "PHR-403-25", 403, "A patient revokes caregivers only; other grants are staff's to revoke."),
  PROXY_GRANT_NOT_FOUND("PHR-404-12", 404, "The personal representative's grant does not exist."),
  PROXY_TOO_MANY(
      "PHR-409-33",
      409,
      "The patient has too many grants to personal representatives; revoke one first."),
  RELINK_IDS(
      "PHR-400-64",
      400,
      "The research ids to re-link must be 1 to 100 distinct ids of the dataset's form."),
  RELINK_PURPOSE(
      "PHR-400-65",
      400,
      "The purpose of a re-linking request must be 10 to 500 characters of plain text."),
  RELINK_SELF_APPROVAL(
      "PHR-403-22",
      403,
      "A re-linking request is decided by a privacy officer other than its requester."),
  RELINK_NOT_FOUND(
      "PHR-404-13", 404, "The re-linking request, or its dataset, does not exist for this caller."),
  RELINK_STATE(
      "PHR-409-34",
      409,
      "The re-linking request is not in a state that allows this: decided, not approved, released"
          + " or expired, or its dataset keeps no key.");

  private final String code;
  private final int httpStatus;
  private final String title;

  ErrorCode(String code, int httpStatus, String title) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.title = title;
  }

  /** The stable code, for example {@code PHR-404-01}. */
  public String code() {
    return code;
  }

  /** The HTTP status the web layer answers with. */
  public int httpStatus() {
    return httpStatus;
  }

  /** A fixed, human-readable title that never carries request data. */
  public String title() {
    return title;
  }
}
