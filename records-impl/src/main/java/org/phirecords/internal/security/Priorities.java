package org.phirecords.internal.security;

import jakarta.interceptor.Interceptor;

/** Priorities of the module's interceptors, all inside the library range. */
public final class Priorities {
  /** Authorization runs first: nothing happens before the caller is known and allowed. */
  public static final int AUTHORIZATION = Interceptor.Priority.LIBRARY_BEFORE + 100;

  /** Metrics run around authorization, so that refusals are timed and counted (ADR 50). */
  public static final int METRICS = AUTHORIZATION - 10;

  private Priorities() {}
}
