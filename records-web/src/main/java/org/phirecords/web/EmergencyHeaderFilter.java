package org.phirecords.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.phirecords.security.EmergencyContext;

/**
 * Runs a request carrying {@code Phi-Emergency-Access: <declarationId>} under that break-glass
 * declaration (ADR 28). It only names the declaration: the authorization interceptor checks it at
 * each service call and refuses the call ({@code PHR-403-12}) if it does not hold.
 */
@WebFilter(filterName = "phi-records-emergency-access", urlPatterns = "/api/*")
public class EmergencyHeaderFilter extends HttpFilter {
  /** The request header naming the declaration. */
  public static final String HEADER = "Phi-Emergency-Access";

  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String declaration = request.getHeader(HEADER);
    if (declaration == null) {
      chain.doFilter(request, response);
      return;
    }
    try {
      EmergencyContext.under(
          declaration,
          () -> {
            chain.doFilter(request, response);
            return null;
          });
    } catch (IOException | ServletException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ServletException(e);
    }
  }
}
