package org.phirecords.model;

/** What a personal representative sees of the record they act for (ADR 46). */
public enum ProxyScope {
  /**
   * Every entry the patient sees, but those marked {@link Sensitivity#CONFIDENTIAL_FROM_PROXIES}.
   */
  WHOLE_RECORD,
  /** Only entries of no sensitive category. */
  NON_SENSITIVE
}
