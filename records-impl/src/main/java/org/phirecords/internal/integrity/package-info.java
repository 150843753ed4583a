/**
 * Record integrity (45 CFR 164.312(c)(2), ADR 23): keyed digests of stored records ({@link
 * org.phirecords.internal.integrity.RecordSeals}) and the pass that compares stored records with
 * them, over REST, the command line and a schedule.
 */
package org.phirecords.internal.integrity;
