/**
 * FHIR R4 import (ADR 37): the mapping of FHIR resources onto the module's identity and clinical
 * model (the inverse of the electronic copy), the validation of Bundles against base R4, and the
 * import of batch and transaction Bundles with the recovery of transactions a crash interrupted.
 * Internal: may change at any time.
 */
package org.phirecords.internal.fhirimport;
