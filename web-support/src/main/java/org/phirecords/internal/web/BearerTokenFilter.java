package org.phirecords.internal.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.StoreUnavailableException;
import org.phirecords.error.UnauthenticatedException;
import org.phirecords.internal.net.ClientAddresses;
import org.phirecords.internal.security.IdleSessions;
import org.phirecords.internal.security.TokenAuthenticator;
import org.phirecords.security.Caller;
import org.phirecords.security.Role;

/**
 * The one authentication step of both web modules: a bearer token, verified by {@link
 * TokenAuthenticator} against the platform issuer or the issuing tenant's own identity provider. A
 * request without a token passes unauthenticated (the {@link AuthenticationGate} refuses it for the
 * API; the static pages need none); a bad token is answered 401 by {@link ProblemServlet} and a
 * store that cannot be reached 503 ({@link Problems#write}), both as problem+json, and the request
 * goes no further. A client address ({@link ClientAddresses}) over the limit of failed
 * authentications is answered 429 before its token is looked at ({@link AuthenticationFailures}),
 * and a portal or admin session idle for too long is answered 401 ({@link IdleSessions}).
 *
 * <p>A servlet filter rather than a Jakarta Security mechanism (ADR 0012): the container's
 * authentication pipeline cost about a tenth of a secured request's CPU and added nothing the
 * module uses. What the filters, servlets and JAX-RS resources after it see is the same: the caller
 * on the request, its subject as the user principal, its roles' group names as the user's roles.
 * The container itself does not know the caller: its error pages and the CDI bean of the request
 * see the request as it arrived (with the caller attribute, which is what the module reads), and
 * {@code isUserInRole("**")} or {@code login} mean nothing here.
 */
@WebFilter(filterName = "phi-records-bearer-token", urlPatterns = "/*", asyncSupported = true)
public class BearerTokenFilter extends HttpFilter {
  /** The request attribute naming a refused token's {@code ErrorCode}, for the 401 answer. */
  static final String REFUSAL_CODE = "org.phirecords.refusal-code";

  private static final long serialVersionUID = 1L;

  @Inject transient TokenAuthenticator authenticator;
  @Inject transient ClientAddresses addresses;
  @Inject transient AuthenticationFailures failures;
  @Inject transient IdleSessions idle;

  /** For the container. */
  public BearerTokenFilter() {}

  /** With its parts (tests). */
  BearerTokenFilter(
      TokenAuthenticator authenticator,
      ClientAddresses addresses,
      AuthenticationFailures failures,
      IdleSessions idle) {
    this.authenticator = authenticator;
    this.addresses = addresses;
    this.failures = failures;
    this.idle = idle;
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Optional<String> token = TokenAuthenticator.bearer(request.getHeader("Authorization"));
    if (token.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    String client = addresses.of(request);
    OptionalLong wait = failures.retryAfter(client);
    if (wait.isPresent()) {
      Problems.tooManyFailures(response, wait.getAsLong());
      return;
    }
    Caller caller;
    try {
      caller = authenticator.authenticate(token.get(), client);
    } catch (UnauthenticatedException e) {
      // A client not registered (ADR 39) is told so; every other refusal stays PHR-401-01.
      if (e.errorCode() != ErrorCode.UNAUTHENTICATED) {
        request.setAttribute(REFUSAL_CODE, e.errorCode());
      }
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      return;
    } catch (StoreUnavailableException e) {
      Problems.write(response, ErrorCode.STORE_UNAVAILABLE);
      return;
    }
    if (idle.expired(token.get(), caller)) {
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
      return;
    }
    request.setAttribute(TokenAuthenticator.CALLER_ATTRIBUTE, caller);
    chain.doFilter(new Authenticated(request, caller), response);
  }

  /** The caller's token subject, an opaque user id. */
  record Subject(String name) implements Principal {
    @Override
    public String getName() {
      return name;
    }
  }

  /** The request as its caller made it, with who the caller is. */
  static final class Authenticated extends HttpServletRequestWrapper {
    private final Principal principal;
    private final Set<String> groups;

    Authenticated(HttpServletRequest request, Caller caller) {
      super(request);
      this.principal = new Subject(caller.subject());
      this.groups = caller.roles().stream().map(Role::groupName).collect(Collectors.toSet());
    }

    @Override
    public Principal getUserPrincipal() {
      return principal;
    }

    @Override
    public String getRemoteUser() {
      return principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
      return groups.contains(role);
    }

    @Override
    public String getAuthType() {
      return "Bearer";
    }
  }
}
