package org.phirecords.internal.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.config.RecordsMode;

/**
 * Browser protections on every answer of both WARs: a Content-Security-Policy without inline script
 * (the pages load their own script and style files only, and may call this API and, for the
 * portal's sign-in, the tenant's identity provider over HTTPS), no framing, no MIME sniffing, no
 * referrer, and HSTS on answers sent over TLS. Development mode also lets the pages call an
 * identity provider on the loopback interface over plain HTTP (the tests' and demo's).
 */
@WebFilter(filterName = "phi-records-security-headers", urlPatterns = "/*", asyncSupported = true)
public class SecurityHeaders extends HttpFilter {
  private static final long serialVersionUID = 1L;

  /** The policy outside development mode. */
  static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self' https:; frame-ancestors 'none'; base-uri 'none'; "
          + "form-action 'self'";

  private static final String LOOPBACK = " http://localhost:* http://127.0.0.1:*";

  @Inject transient RecordsConfig config;

  /** For the container. */
  public SecurityHeaders() {}

  /** With {@code config} (tests). */
  SecurityHeaders(RecordsConfig config) {
    this.config = config;
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("Content-Security-Policy", policy());
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    if (request.isSecure()) {
      response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    chain.doFilter(request, response);
  }

  /** The policy of this instance's mode. */
  String policy() {
    if (config != null && config.mode() == RecordsMode.DEVELOPMENT) {
      return POLICY.replace("connect-src 'self' https:", "connect-src 'self' https:" + LOOPBACK);
    }
    return POLICY;
  }
}
