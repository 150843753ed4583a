/**
 * Break-glass emergency access (ADR 28): declarations, their check at each service call, and the
 * privacy officer's review.
 */
package org.phirecords.internal.emergency;
