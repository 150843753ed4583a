/** Patients' rights: access history, electronic copy, amendments. */
package org.phirecords.internal.access;
