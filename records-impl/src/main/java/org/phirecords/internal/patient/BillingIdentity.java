package org.phirecords.internal.patient;

import java.time.LocalDate;

/** What billing may see of a patient's identity (minimum necessary). */
public record BillingIdentity(
    String givenName, String familyName, LocalDate birthDate, String memberId) {}
