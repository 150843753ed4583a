package org.phirecords.internal.web;

import jakarta.ws.rs.QueryParam;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.model.PageRequest;

/**
 * The paging parameters every list takes ({@code @BeanParam}; ADR 19): {@code limit}, 1 to 200
 * items (default 50), and {@code after}, the {@code next} cursor of the previous page. A malformed
 * limit is {@code PHR-400-07}; a cursor that is not one of the list's is {@code PHR-400-08}.
 */
public class PageParams {
  private static final Pattern LIMIT = Pattern.compile("[0-9]{1,4}");

  @QueryParam("after")
  @Parameter(
      description =
          "The next cursor of the previous page of the same list (opaque); absent for the first"
              + " page",
      schema = @Schema(type = SchemaType.STRING, maxLength = PageRequest.MAX_CURSOR_LENGTH))
  String after;

  @QueryParam("limit")
  @Parameter(
      description = "Items per page, 1 to 200 (default 50)",
      schema =
          @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
  String limit;

  /** The page asked for; malformed parameters are 400 problems. */
  public PageRequest request() {
    int size = PageRequest.DEFAULT_LIMIT;
    if (limit != null) {
      if (!LIMIT.matcher(limit).matches()) {
        throw new InvalidInputException(
            ErrorCode.INVALID_PARAMETER, "limit", "limit must be 1 to " + PageRequest.MAX_LIMIT);
      }
      size = Integer.parseInt(limit);
    }
    return new PageRequest(after, size);
  }
}
