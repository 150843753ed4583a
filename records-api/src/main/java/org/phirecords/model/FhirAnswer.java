package org.phirecords.model;

/**
 * A FHIR answer of the module: the HTTP status and the FHIR JSON body (a response {@code Bundle},
 * or an {@code OperationOutcome} when the request was refused). It holds ids and codes only, never
 * PHI values.
 *
 * @param status the HTTP status to answer with
 * @param body the FHIR R4 JSON to answer with ({@code application/fhir+json})
 */
public record FhirAnswer(int status, String body) {}
