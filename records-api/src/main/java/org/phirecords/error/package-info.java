/** Errors with stable codes. Messages never contain protected health information. */
package org.phirecords.error;
