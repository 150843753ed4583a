package org.phirecords.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.phirecords.internal.config.RecordsConfig;
import org.phirecords.internal.config.RecordsMode;

class SecurityHeadersTest {
  private final HttpServletRequest request = mock(HttpServletRequest.class);
  private final HttpServletResponse response = mock(HttpServletResponse.class);
  private final FilterChain chain = mock(FilterChain.class);

  private static SecurityHeaders in(RecordsMode mode) {
    RecordsConfig config = mock(RecordsConfig.class);
    when(config.mode()).thenReturn(mode);
    return new SecurityHeaders(config);
  }

  @Test
  void everyAnswerForbidsInlineScriptFramingSniffingAndReferrers() throws Exception {
    in(RecordsMode.PRODUCTION).doFilter(request, response, chain);
    verify(response).setHeader("Content-Security-Policy", SecurityHeaders.POLICY);
    verify(response).setHeader("X-Content-Type-Options", "nosniff");
    verify(response).setHeader("X-Frame-Options", "DENY");
    verify(response).setHeader("Referrer-Policy", "no-referrer");
    verify(response, never())
        .setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    verify(chain).doFilter(request, response);
    assertThat(SecurityHeaders.POLICY)
        .contains("script-src 'self';", "frame-ancestors 'none'", "connect-src 'self' https:;")
        .doesNotContain("unsafe-inline", "unsafe-eval", "http:");
  }

  @Test
  void hstsOnlyOverTls() throws Exception {
    when(request.isSecure()).thenReturn(true);
    in(RecordsMode.PRODUCTION).doFilter(request, response, chain);
    verify(response).setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }

  @Test
  void onlyDevelopmentLetsThePagesCallALoopbackIdentityProviderOverHttp() {
    assertThat(in(RecordsMode.DEVELOPMENT).policy())
        .contains("connect-src 'self' https: http://localhost:* http://127.0.0.1:*;");
    assertThat(in(RecordsMode.PRODUCTION).policy()).doesNotContain("localhost");
  }
}
