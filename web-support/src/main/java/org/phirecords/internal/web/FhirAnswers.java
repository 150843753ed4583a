package org.phirecords.internal.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that answers in FHIR's terms (the FHIR import, ADR 37): the refusals of
 * its input that the HTTP layer decides (body too large, not UTF-8) are answered by {@link
 * ProblemMapper} as an {@code OperationOutcome} carrying the module's code, like the refusals the
 * service decides. Authentication, authorization, rate limits and server failures keep the module's
 * problem+json, the same for every operation.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface FhirAnswers {}
