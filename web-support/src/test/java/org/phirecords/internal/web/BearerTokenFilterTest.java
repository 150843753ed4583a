package org.phirecords.internal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.phirecords.audit.RequestAudit;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.StoreUnavailableException;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.internal.net.ClientAddresses;
import org.phirecords.internal.security.IdleSessions;
import org.phirecords.internal.security.TokenAuthenticator;
import org.phirecords.model.TenantId;
import org.phirecords.security.Caller;
import org.phirecords.security.PurposeOfUse;
import org.phirecords.security.Role;

/** What the bearer-token filter lets through, and as whom. */
class BearerTokenFilterTest {
  private final TokenAuthenticator authenticator = mock(TokenAuthenticator.class);
  private final RequestAudit audit = mock(RequestAudit.class);
  private Instant now = Instant.parse("2026-12-06T10:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now;
        }

        @Override
        public java.time.ZoneId getZone() {
          return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }
      };
  private final AuthenticationFailures failures =
      new AuthenticationFailures(audit, Clock.systemUTC(), 3, Duration.ofMinutes(1));
  private final BearerTokenFilter filter =
      new BearerTokenFilter(
          authenticator,
          new ClientAddresses(List.of()),
          failures,
          new IdleSessions(clock, Duration.ofMinutes(15), Duration.ofMinutes(15)));
  private final HttpServletRequest request = mock(HttpServletRequest.class);
  private final HttpServletResponse response = mock(HttpServletResponse.class);
  private final FilterChain chain = mock(FilterChain.class);

  private static final Caller PHYSICIAN =
      new Caller(
          "user-1",
          Optional.of(new TenantId("acme")),
          EnumSet.of(Role.PHYSICIAN),
          Optional.empty(),
          PurposeOfUse.TREATMENT,
          "10.0.0.1");

  @Test
  void aVerifiedTokenPassesAsItsCallerWithItsRolesGroupNames() throws Exception {
    when(request.getHeader("Authorization")).thenReturn("Bearer good.token.sig");
    when(request.getRemoteAddr()).thenReturn("10.0.0.1");
    when(authenticator.authenticate("good.token.sig", "10.0.0.1")).thenReturn(PHYSICIAN);

    filter.doFilter(request, response, chain);

    verify(request).setAttribute(TokenAuthenticator.CALLER_ATTRIBUTE, PHYSICIAN);
    ArgumentCaptor<ServletRequest> passed = ArgumentCaptor.forClass(ServletRequest.class);
    verify(chain).doFilter(passed.capture(), any());
    HttpServletRequest seen = (HttpServletRequest) passed.getValue();
    assertThat(seen.getUserPrincipal().getName()).isEqualTo("user-1");
    assertThat(seen.getRemoteUser()).isEqualTo("user-1");
    assertThat(seen.isUserInRole("physician")).isTrue();
    assertThat(seen.isUserInRole("billing")).isFalse();
    assertThat(seen.isUserInRole("PHYSICIAN")).as("group names, not enum names").isFalse();
    verify(response, never()).sendError(any(Integer.class));
  }

  @Test
  void noTokenPassesUnauthenticatedAndUntouched() throws Exception {
    filter.doFilter(request, response, chain);

    verify(chain).doFilter(request, response);
    verifyNoInteractions(authenticator);
    verify(request, never()).setAttribute(any(), any());
    verify(response, never()).sendError(any(Integer.class));
  }

  @Test
  void anAddressOverTheLimitOfFailuresGets429BeforeItsTokenIsLookedAt() throws Exception {
    when(request.getRemoteAddr()).thenReturn("203.0.113.9");
    when(request.getHeader("Authorization")).thenReturn("Bearer good.token.sig");
    for (int i = 0; i < 3; i++) {
      failures.failed("203.0.113.9", "GET", org.phirecords.audit.AuditAction.READ, null);
    }
    java.io.StringWriter body = new java.io.StringWriter();
    when(response.getWriter()).thenReturn(new java.io.PrintWriter(body));

    filter.doFilter(request, response, chain);

    verify(response).setStatus(429);
    verify(response).setHeader(org.mockito.ArgumentMatchers.eq("Retry-After"), any());
    assertThat(body.toString()).contains("PHR-429-01");
    verifyNoInteractions(authenticator, chain);
  }

  @Test
  void anAdminOrPatientSessionIdleForLongerThanItsPeriodIsRefusedFromThenOn() throws Exception {
    Caller admin =
        new Caller(
            "admin-1",
            Optional.of(new TenantId("acme")),
            EnumSet.of(Role.TENANT_ADMIN),
            Optional.empty(),
            PurposeOfUse.OPERATIONS,
            "10.0.0.1");
    when(request.getHeader("Authorization")).thenReturn("Bearer admin.token.sig");
    when(authenticator.authenticate(any(), any())).thenReturn(admin, admin, admin, PHYSICIAN);
    filter.doFilter(request, response, chain);
    now = now.plus(Duration.ofMinutes(14));
    filter.doFilter(request, response, chain);
    verify(chain, times(2)).doFilter(any(), any());
    verify(response, never()).sendError(any(Integer.class));

    now = now.plus(Duration.ofMinutes(15).plusSeconds(1));
    filter.doFilter(request, response, chain);
    verify(response).sendError(401);
    verify(chain, times(2)).doFilter(any(), any());

    // A physician's API token has no idle period.
    when(request.getHeader("Authorization")).thenReturn("Bearer staff.token.sig");
    now = now.plus(Duration.ofHours(2));
    filter.doFilter(request, response, chain);
    verify(chain, times(3)).doFilter(any(), any());
  }

  @Test
  void anotherSchemeIsNoBearerTokenAndProvesNothing() throws Exception {
    when(request.getHeader("Authorization")).thenReturn("Basic dXNlcjpwYXNz");

    filter.doFilter(request, response, chain);

    verify(chain).doFilter(request, response);
    verifyNoInteractions(authenticator);
  }

  @Test
  void anUnexpectedFailureOfTheCheckStopsTheRequest() {
    when(request.getHeader("Authorization")).thenReturn("Bearer good.token.sig");
    when(authenticator.authenticate(any(), any())).thenThrow(new IllegalStateException("bug"));

    assertThatThrownBy(() -> filter.doFilter(request, response, chain))
        .isInstanceOf(IllegalStateException.class);
    verifyNoInteractions(chain);
    verify(request, never()).setAttribute(any(), any());
  }

  @Test
  void itSitsInFrontOfEveryPathForRequestsAsTheyArrive() {
    WebFilter mapping = BearerTokenFilter.class.getAnnotation(WebFilter.class);
    assertThat(mapping.urlPatterns()).containsExactly("/*");
    assertThat(mapping.dispatcherTypes()).containsExactly(DispatcherType.REQUEST);
  }

  @Test
  void aRefusedTokenIsAnswered401AndGoesNoFurther() throws Exception {
    when(request.getHeader("Authorization")).thenReturn("Bearer forged");
    when(authenticator.authenticate(any(), any()))
        .thenThrow(new UnauthenticatedException(ErrorCode.UNAUTHENTICATED));

    filter.doFilter(request, response, chain);

    verify(response).sendError(401);
    verifyNoInteractions(chain);
    verify(request, never()).setAttribute(any(), any());
  }

  @Test
  void anUnregisteredSystemClientIsAnswered401WithItsOwnCode() throws Exception {
    when(request.getHeader("Authorization")).thenReturn("Bearer client");
    when(authenticator.authenticate(any(), any()))
        .thenThrow(new UnauthenticatedException(ErrorCode.SYSTEM_CLIENT_UNKNOWN));

    filter.doFilter(request, response, chain);

    verify(response).sendError(401);
    verifyNoInteractions(chain);
    verify(request).setAttribute(BearerTokenFilter.REFUSAL_CODE, ErrorCode.SYSTEM_CLIENT_UNKNOWN);
  }

  @Test
  void aStoreThatCannotBeReachedIsAnswered503AndGoesNoFurther() throws Exception {
    when(request.getHeader("Authorization")).thenReturn("Bearer good.token.sig");
    when(authenticator.authenticate(any(), any()))
        .thenThrow(new StoreUnavailableException(new RuntimeException("down")));
    java.io.StringWriter body = new java.io.StringWriter();
    when(response.getWriter()).thenReturn(new java.io.PrintWriter(body));

    filter.doFilter(request, response, chain);

    // Written by the filter, not through the container's error page (Problems.write).
    verify(response).setStatus(503);
    verify(response).setContentType("application/problem+json");
    verify(response, never()).sendError(anyInt());
    assertThat(body.toString()).contains("\"code\":\"PHR-503-02\"");
    verifyNoInteractions(chain);
    verify(request, never()).setAttribute(any(), any());
  }
}
