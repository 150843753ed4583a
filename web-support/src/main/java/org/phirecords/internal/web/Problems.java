package org.phirecords.internal.web;

import static org.phirecords.internal.json.Jsons.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.phirecords.error.ErrorCode;

/** RFC 9457 problem details with the module's stable codes. Never holds request values. */
public final class Problems {
  /** The media type of problem details. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private Problems() {}

  /** The problem document for {@code code}, with a PHI-free detail and optional field pointer. */
  public static JsonObject body(ErrorCode code, String detail, String field) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("type", "urn:phi-records:problem:" + code.code())
            .add("title", code.title())
            .add("status", code.httpStatus())
            .add("code", code.code());
    if (detail != null) {
      b.add("detail", detail);
    }
    if (field != null) {
      b.add("field", field);
    }
    return b.build();
  }

  /** A response carrying the problem for {@code code}. */
  public static Response response(ErrorCode code, String detail, String field) {
    Response.ResponseBuilder r =
        Response.status(code.httpStatus())
            .type(MEDIA_TYPE)
            .entity(body(code, detail, field).toString());
    if (code.httpStatus() == 401) {
      r.header("WWW-Authenticate", "Bearer");
    }
    return r.build();
  }

  /** The 429 answer to an address over the failed-authentication limit (JAX-RS). */
  public static Response tooManyFailures(long retryAfterSeconds) {
    return Response.fromResponse(response(ErrorCode.TOO_MANY_FAILURES, null, null))
        .header("Retry-After", Long.toString(retryAfterSeconds))
        .build();
  }

  /** The 429 answer to an address over the failed-authentication limit (servlet). */
  public static void tooManyFailures(HttpServletResponse response, long retryAfterSeconds)
      throws IOException {
    response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    write(response, ErrorCode.TOO_MANY_FAILURES);
  }

  /**
   * Answers {@code code} from a servlet filter, written here rather than through the container's
   * error page: Payara builds its error-page machinery on first use, and two first uses at once can
   * fail and leave a 503 without a body (seen in OutageIT).
   */
  public static void write(HttpServletResponse response, ErrorCode code) throws IOException {
    response.setStatus(code.httpStatus());
    response.setContentType(MEDIA_TYPE);
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(body(code, null, null).toString());
  }
}
