/**
 * Data migrations (ADR 52): versioned, idempotent, resumable changes of stored documents' format,
 * run one instance at a time under a lock document with a lease, at start-up or from the command
 * line, each audited as a system subject.
 */
package org.phirecords.internal.migration;
