package org.phirecords.internal.security;

import jakarta.interceptor.Interceptor;

/** Priorities of the module's interceptors, all inside the library range. */
public final class Priorities {
  /** Authorization runs first: nothing happens before the caller is known and allowed. */
  public static final int AUTHORIZATION = Interceptor.Priority.LIBRARY_BEFORE + 100;

  private Priorities() {}
}
