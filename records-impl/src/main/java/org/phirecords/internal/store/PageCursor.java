package org.phirecords.internal.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.phirecords.error.ErrorCode;
import org.phirecords.error.InvalidInputException;
import org.phirecords.model.Page;
import org.phirecords.model.PageRequest;

/**
 * The opaque paging cursor of every list (ADR 19). A cursor names the position of the last item of
 * a page (a chain position, a version number or an opaque id, never PHI) and is bound to the list
 * it came from: a digest of the list's name, the tenant and the record it lists (a patient, an
 * entry). A cursor that is malformed, or was issued for another list, tenant or record, is refused
 * with {@code PHR-400-08}. A cursor is no capability: every page is read through the caller's
 * scoped handle, so even a forged position reaches only the caller's own list.
 */
public final class PageCursor {
  private static final String VERSION = "c1";
  private static final Pattern POSITION = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{1,256}");
  private static final int BINDING_BYTES = 12;

  private final String list;
  private final String binding;

  private PageCursor(String list, String tenant, String scope) {
    this.list = list;
    this.binding = binding(list, tenant, scope);
  }

  /**
   * Cursors of list {@code list} (a fixed name such as {@code access-history}) of {@code tenant}
   * over record {@code scope} (a patient or entry id; empty for a tenant-wide list).
   */
  public static PageCursor of(String list, String tenant, String scope) {
    return new PageCursor(list, tenant, scope == null ? "" : scope);
  }

  /**
   * The position {@code request} continues after, or empty for the first page.
   *
   * @throws InvalidInputException {@code PHR-400-08} if the cursor is malformed or of another list
   */
  public Optional<String> position(PageRequest request) {
    String cursor = request.after();
    if (cursor == null) {
      return Optional.empty();
    }
    if (!FORM.matcher(cursor).matches()) {
      throw invalid();
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 3
        || !VERSION.equals(parts[0])
        || !MessageDigest.isEqual(
            parts[1].getBytes(StandardCharsets.US_ASCII),
            binding.getBytes(StandardCharsets.US_ASCII))
        || !POSITION.matcher(parts[2]).matches()) {
      throw invalid();
    }
    return Optional.of(parts[2]);
  }

  /** The position of {@code request} as a non-negative number (a chain position, a version). */
  public Optional<Long> number(PageRequest request) {
    return position(request)
        .map(
            p -> {
              try {
                long n = Long.parseLong(p);
                if (n < 0) {
                  throw invalid();
                }
                return n;
              } catch (NumberFormatException e) {
                throw invalid();
              }
            });
  }

  /** The position of {@code request} read by {@code parse} (an id's constructor, say). */
  public <T> Optional<T> parsed(PageRequest request, Function<String, T> parse) {
    return position(request)
        .map(
            p -> {
              try {
                return parse.apply(p);
              } catch (RuntimeException e) {
                throw invalid();
              }
            });
  }

  /** The cursor after an item at {@code position}. */
  public String after(String position) {
    if (!POSITION.matcher(position).matches()) {
      throw new IllegalArgumentException("a position is an id or a number");
    }
    String text = VERSION + "." + binding + "." + position;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The page of {@code request.limit()} items from {@code fetched}, which holds up to one more item
   * than the limit: that one only tells that more exist, and the page's cursor then names the
   * position of its last item.
   */
  public <T> Page<T> page(List<T> fetched, PageRequest request, Function<T, String> positionOf) {
    if (fetched.size() <= request.limit()) {
      return new Page<>(fetched, null);
    }
    List<T> items = fetched.subList(0, request.limit());
    return new Page<>(items, after(positionOf.apply(items.get(items.size() - 1))));
  }

  /** The refusal of a cursor that is not one of this list's. */
  public static InvalidInputException invalid() {
    return new InvalidInputException(
        ErrorCode.INVALID_CURSOR, "after", "The cursor is not valid for this list.");
  }

  private static String binding(String list, String tenant, String scope) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(String.join("\u0000", list, tenant, scope).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(Arrays.copyOf(digest, BINDING_BYTES));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
