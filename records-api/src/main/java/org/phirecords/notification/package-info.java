/**
 * Notices to patients (ADR 47): fire a {@link org.phirecords.notification.PatientNotice} and the
 * module e-mails the patient that something happened, without PHI.
 */
package org.phirecords.notification;
