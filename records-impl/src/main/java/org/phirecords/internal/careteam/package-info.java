/** Patients' care teams and the narrowing of physicians to them (ADR 30). */
package org.phirecords.internal.careteam;
