package org.phirecords.model;

/**
 * The category that makes a clinical entry sensitive (ADR 26): entries of a category are shown only
 * to roles the tenant cleared for it, and always to the patient.
 */
public enum Sensitivity {
  /** Substance-use disorder records of a Part 2 program (42 CFR Part 2). */
  SUBSTANCE_USE_PART2,
  /** Mental and behavioural health, including psychotherapy notes. */
  BEHAVIOURAL_HEALTH,
  /** Reproductive and sexual health. */
  REPRODUCTIVE_HEALTH,
  /** HIV status, tests and treatment. */
  HIV,
  /** Genetic tests and their results. */
  GENETIC,
  /**
   * Kept from personal representatives, whatever their grant's scope: for example an adolescent's
   * confidential care (ADR 46). Shown to the patient and to staff the tenant cleared.
   */
  CONFIDENTIAL_FROM_PROXIES
}
