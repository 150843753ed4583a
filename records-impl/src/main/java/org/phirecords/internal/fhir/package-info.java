/**
 * FHIR plumbing shared by the module's parts: the one HAPI FHIR R4 context and the canonical URLs
 * of PHI Records' own identifier systems, code systems and extensions. Internal: may change at any
 * time.
 */
package org.phirecords.internal.fhir;
