package org.phirecords.web;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.error.RecordsException;

/**
 * Versions travel as strong ETags ({@code "3"}); updates must send the expected one in If-Match.
 */
final class Versions {
  private static final Pattern TAG = Pattern.compile("\"?([0-9]{1,18})\"?");

  private Versions() {}

  static EntityTag tag(long version) {
    return new EntityTag(Long.toString(version));
  }

  static long expected(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw new RecordsException(ErrorCode.PRECONDITION_REQUIRED);
    }
    Matcher m = TAG.matcher(ifMatch.trim());
    if (!m.matches()) {
      throw new InvalidInputException(
          ErrorCode.INVALID_PARAMETER, "If-Match", "If-Match must be a version such as \"3\".");
    }
    return Long.parseLong(m.group(1));
  }

  /**
   * The answer to a mark sent with If-Match ({@code DELETE}, entered-in-error, ADR 36): {@code
   * mark} applied to the version If-Match expects, then 204 with the new version as ETag.
   */
  static Response marked(String ifMatch, LongUnaryOperator mark) {
    return Response.noContent().tag(tag(mark.applyAsLong(expected(ifMatch)))).build();
  }
}
