package org.phirecords.internal.web;

import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.phirecords.error.AuditUnavailableException;
import org.phirecords.error.ErrorCode;
import org.phirecords.internal.net.ClientAddresses;

/**
 * The error page of the container: answers errors raised outside JAX-RS (an invalid bearer token
 * rejected by the bearer-token filter, an unknown path) as problem+json. Token rejections are
 * audited as failed authentications of the client address ({@link AuthenticationFailures}).
 */
@WebServlet(urlPatterns = "/problem")
public class ProblemServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(ProblemServlet.class.getName());

  @Inject transient RejectionAudit audit;
  @Inject transient ClientAddresses addresses;

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Object status = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int code = status instanceof Integer i ? i : 404;
    ErrorCode problem =
        switch (code) {
          case 400 -> ErrorCode.INVALID_PARAMETER;
          case 401 ->
              req.getAttribute(BearerTokenFilter.REFUSAL_CODE) instanceof ErrorCode refused
                      && refused.httpStatus() == 401
                  ? refused
                  : ErrorCode.UNAUTHENTICATED;
          case 403 -> ErrorCode.ACCESS_DENIED;
          case 404 -> ErrorCode.NOT_FOUND;
          case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
          case 503 -> ErrorCode.STORE_UNAVAILABLE;
          default -> ErrorCode.INTERNAL;
        };
    if (problem == ErrorCode.INTERNAL) {
      Object error = req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
      if (error instanceof Throwable t) {
        LOG.log(Level.SEVERE, "unexpected container error:\n{0}", SafeLog.describe(t));
      }
    }
    if (code == 401) {
      try {
        String method = (String) req.getAttribute("jakarta.servlet.error.method");
        audit.unauthenticated(addresses.of(req), method == null ? req.getMethod() : method);
      } catch (AuditUnavailableException e) {
        problem = ErrorCode.AUDIT_UNAVAILABLE;
      }
    }
    resp.setStatus(problem.httpStatus());
    resp.setContentType(Problems.MEDIA_TYPE);
    resp.setCharacterEncoding("UTF-8");
    if (problem.httpStatus() == 401) {
      resp.setHeader("WWW-Authenticate", "Bearer");
    }
    resp.getWriter().write(Problems.body(problem, null, null).toString());
  }
}
