/**
 * PHI Records: the public API that embedders code against. Services live in {@code
 * org.phirecords.service}, value types in {@code org.phirecords.model}, the caller and permissions
 * in {@code org.phirecords.security}, audit event types in {@code org.phirecords.audit}, errors in
 * {@code org.phirecords.error} and extension points in {@code org.phirecords.spi}.
 */
package org.phirecords;
