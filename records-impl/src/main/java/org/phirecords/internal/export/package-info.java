/** FHIR Bulk Data export (ADR 38): kick-off, background job, encrypted files, expiry sweep. */
package org.phirecords.internal.export;
