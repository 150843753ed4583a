package org.phirecords.spi;

import java.util.Optional;
import org.phirecords.security.Caller;

/**
 * Establishes the current caller. The default implementation reads the verified MicroProfile JWT of
 * the current request. An embedder with its own authentication provides an
 * {@code @Alternative @Priority(...)} bean of this type; it must derive the tenant from verified
 * credentials, never from request parameters.
 */
public interface CallerResolver {
  /** The caller of the current request, or empty if the request is not authenticated. */
  Optional<Caller> currentCaller();

  /**
   * The patient the current request says its caller acts for as a personal representative (ADR 46):
   * the module's web layer reads the {@code Acting-For} header. Only a claim: the authorization
   * check honours it only under a grant in force. Empty by default.
   */
  default Optional<String> actingFor() {
    return Optional.empty();
  }
}
