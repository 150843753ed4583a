package org.phirecords.security;

import java.util.Locale;
import java.util.Optional;

/**
 * Why PHI is used, after HL7 v3 PurposeOfUse (TREAT, HPAYMT, HOPERAT, PATRQT...). Recorded in every
 * audit event.
 */
public enum PurposeOfUse {
  TREATMENT("TREAT"),
  PAYMENT("HPAYMT"),
  OPERATIONS("HOPERAT"),
  PATIENT_REQUEST("PATRQT"),
  COMPLIANCE("HCOMPL"),
  SYSTEM_ADMINISTRATION("HSYSADMIN"),
  /**
   * Emergency treatment under a break-glass declaration (ADR 28): set by the module for operations
   * under a valid declaration, never taken from a token.
   */
  EMERGENCY_TREATMENT("ETREAT"),
  /**
   * A personal representative acting for the patient under a grant in force (ADR 46): set by the
   * module, never taken from a token.
   */
  REPRESENTATIVE_REQUEST("FAMRQT");

  private final String hl7Code;

  PurposeOfUse(String hl7Code) {
    this.hl7Code = hl7Code;
  }

  /** The HL7 v3 ActReason code. */
  public String hl7Code() {
    return hl7Code;
  }

  /** Parses an HL7 code or an enum name, case-insensitively. */
  public static Optional<PurposeOfUse> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String upper = text.trim().toUpperCase(Locale.ROOT);
    for (PurposeOfUse p : values()) {
      if (p.hl7Code.equals(upper) || p.name().equals(upper)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The purpose assumed when a token states none: what the role exists for. */
  public static PurposeOfUse defaultFor(Role role) {
    return switch (role) {
      case PHYSICIAN -> TREATMENT;
      case BILLING -> PAYMENT;
      case PATIENT -> PATIENT_REQUEST;
      case PRIVACY_OFFICER -> COMPLIANCE;
      case TENANT_ADMIN, PLATFORM_ADMIN -> SYSTEM_ADMINISTRATION;
      case SYSTEM, ANALYST -> OPERATIONS;
    };
  }
}
