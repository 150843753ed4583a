package org.phirecords.security;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The break-glass declaration a thread's service calls run under (ADR 28). records-web sets it from
 * the {@code Phi-Emergency-Access} header; an embedder calls {@link #under} around its calls. The
 * module checks the declaration at every service call (the caller's, unexpired, this patient) and
 * refuses the call ({@code PHR-403-12}) if it does not hold; it is only ever a request, never a
 * grant by itself.
 */
public final class EmergencyContext {
  private static final ThreadLocal<String> REQUESTED = new ThreadLocal<>();

  private EmergencyContext() {}

  /** Runs {@code body} with service calls on this thread under declaration {@code id}. */
  public static <T> T under(String id, Callable<T> body) throws Exception {
    String outer = REQUESTED.get();
    REQUESTED.set(id);
    try {
      return body.call();
    } finally {
      if (outer == null) {
        REQUESTED.remove();
      } else {
        REQUESTED.set(outer);
      }
    }
  }

  /** The declaration requested on this thread, if any (as given: not yet checked). */
  public static Optional<String> requested() {
    return Optional.ofNullable(REQUESTED.get());
  }
}
