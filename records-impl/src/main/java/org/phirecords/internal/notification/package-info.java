/**
 * E-mail to patients: the mail server ({@code records.mail.*}) and notices without PHI (ADR 47).
 */
package org.phirecords.internal.notification;
