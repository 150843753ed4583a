/**
 * A tenant's tree of organisations and patients' memberships of them (ADR 25): the services, the
 * repositories of {@code organisations} and {@code memberships}, and the tree snapshot that answers
 * ancestry questions.
 */
package org.phirecords.internal.organisation;
