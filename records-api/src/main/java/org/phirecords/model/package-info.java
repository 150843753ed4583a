/**
 * Value types. Identifiers are opaque and carry no PHI; types holding PHI mask their {@code
 * toString()} so that values cannot reach a log by accident.
 */
package org.phirecords.model;
