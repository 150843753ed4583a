package org.phirecords.internal.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.security.Caller;
import org.phirecords.spi.CallerResolver;

/** The caller of the current request, failing closed when there is none. */
@ApplicationScoped
public class CurrentCaller {
  private CallerResolver resolver;

  /** For CDI. */
  protected CurrentCaller() {}

  /** Callers come from {@code resolver}. */
  @Inject
  public CurrentCaller(CallerResolver resolver) {
    this.resolver = resolver;
  }

  /** The verified caller; throws {@link UnauthenticatedException} if there is none. */
  public Caller require() {
    return resolver
        .currentCaller()
        .orElseThrow(() -> new UnauthenticatedException(ErrorCode.UNAUTHENTICATED));
  }
}
