/**
 * Internal implementation of PHI Records: not an API. Anything in {@code org.phirecords.internal}
 * may change at any time without notice; embedders code against {@code org.phirecords.service} and
 * {@code org.phirecords.spi}.
 */
package org.phirecords.internal;
