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
  /** A background job's caller on its pool thread (ADR 40); never set from a request. */
  private static final ThreadLocal<Caller> JOB = new ThreadLocal<>();

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
    Caller job = JOB.get();
    if (job != null) {
      return job;
    }
    return resolver
        .currentCaller()
        .orElseThrow(() -> new UnauthenticatedException(ErrorCode.UNAUTHENTICATED));
  }

  /**
   * The patient the current request says it acts for (ADR 46), as the resolver read it; never for a
   * background job.
   */
  public java.util.Optional<String> actingFor() {
    return JOB.get() != null ? java.util.Optional.empty() : resolver.actingFor();
  }

  /**
   * Runs {@code body} on this thread as {@code caller}: a background job (a bulk import, ADR 40)
   * calls the services as its requester, so the authorization interceptor checks every call as it
   * would in the requester's request (tenant active, role, reach).
   */
  public static <T> T asJob(Caller caller, java.util.concurrent.Callable<T> body) throws Exception {
    Caller before = JOB.get();
    JOB.set(caller);
    try {
      return body.call();
    } finally {
      if (before == null) {
        JOB.remove();
      } else {
        JOB.set(before);
      }
    }
  }
}
