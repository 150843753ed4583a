package org.phirecords.internal.security;

import jakarta.interceptor.Interceptor;

/** Priorities of the module's interceptors and start-up observers, inside the library range. */
public final class Priorities {
  /** Authorization runs first: nothing happens before the caller is known and allowed. */
  public static final int AUTHORIZATION = Interceptor.Priority.LIBRARY_BEFORE + 100;

  /**
   * The posture check observes the application's start before every other start-up observer, so
   * that a refused configuration is reported (and ends the process, ADR 49) before anything else
   * touches a store.
   */
  public static final int STARTUP_POSTURE = Interceptor.Priority.LIBRARY_BEFORE;

  /** The log format is set up right after the posture check, before the other observers log. */
  public static final int LOG_FORMAT = STARTUP_POSTURE + 1;

  /** Metrics run around authorization, so that refusals are timed and counted (ADR 50). */
  public static final int METRICS = AUTHORIZATION - 10;

  private Priorities() {}
}
