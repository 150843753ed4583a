/**
 * HAPI FHIR's JPA server as a benchmark peer (ADR 33): started by the benchmark as a JVM of its
 * own, on embedded H2 in memory and Jetty, bare or with a PHI deployment's protections.
 */
package org.phirecords.peer;
